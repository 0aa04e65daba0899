using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning.Content;

/// <summary>What an item is.</summary>
public enum ItemKind
{
    Video,
    Reading,
    Quiz,
    Practice,
}

/// <summary>
/// An item as its learner sees it: where it is in the course, its state, how long it takes, and its content
/// (notes or reading, video with captions and transcripts, or a quiz's policy as the learner lives it).
/// A preview answers the same without a learner's state.
/// </summary>
public sealed record ItemContentResponse(
    string Key,
    ItemKind Type,
    string Title,
    ItemModuleResponse Module,
    string? Previous,
    string? Next,
    ItemStatus? State,
    int Minutes,
    bool Preview,
    NotesResponse? Notes,
    VideoResponse? Video,
    QuizInfoResponse? Quiz);

public sealed record ItemModuleResponse(string Key, int Week, string Title);

/// <summary>Notes or a reading: safe HTML rendered from the Markdown, and the Markdown itself, in one language.</summary>
public sealed record NotesResponse(string Language, string Html, string Markdown);

/// <summary>What a video player needs; <see cref="Sources"/> is empty until the video is ready.</summary>
public sealed record VideoResponse(
    IReadOnlyList<VideoSourceResponse> Sources,
    string? Poster,
    int DurationSeconds,
    IReadOnlyList<CaptionTrackResponse> Captions,
    IReadOnlyList<TranscriptDownloadResponse> Transcripts,
    IReadOnlyList<ChapterResponse> Chapters,
    double PositionSeconds,
    double Coverage,
    PlayerRulesResponse Rules);

/// <summary>A video file: the request's language first when each language has its own.</summary>
public sealed record VideoSourceResponse(string Url, string Type, int? Height, string? Language, int DurationSeconds);

/// <summary>A caption track for the player's <c>&lt;track&gt;</c>: the default one is the request's language.</summary>
public sealed record CaptionTrackResponse(string Language, string Label, string Url, bool Default);

public sealed record TranscriptDownloadResponse(string Language, string Format, string Url);

/// <summary>A chapter of the lesson (a slide of the draft video): where it starts, in the request's language.</summary>
public sealed record ChapterResponse(string Title, double StartSeconds);

/// <summary>The rules a player follows: when the lesson completes, how often to report, the fastest speed that earns credit.</summary>
public sealed record PlayerRulesResponse(decimal CompletionThreshold, int HeartbeatIntervalSeconds, double MaxCreditedPlaybackRate);

/// <summary>A quiz or practice set as the learner lives it now.</summary>
public sealed record QuizInfoResponse(
    bool Practice,
    int QuestionsPerAttempt,
    int PoolSize,
    decimal PointsPerAttempt,
    int? AttemptsAllowed,
    int AttemptsUsed,
    int? AttemptsLeft,
    bool CanStart,
    DateTimeOffset? NextAttemptAt,
    int? TimeLimitMinutes,
    ShowAnswers ShowAnswers,
    GradingMethod GradingMethod,
    decimal PassMark,
    decimal Grade,
    bool Passed,
    Guid? OpenAttempt);
