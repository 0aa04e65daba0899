using System.Text.Json.Serialization;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>Where a part of a package was read from, for problems that name file and line.</summary>
public sealed record SourceRef(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// A course as authored: the content of one course version. The layout on disk and every field are
/// documented in docs/course-package.md. Text a learner reads maps a language code to its text.
/// </summary>
public sealed record CoursePackage
{
    public required string Slug { get; init; }
    public required Dictionary<string, string> Title { get; init; }
    public required Dictionary<string, string> Summary { get; init; }

    /// <summary>The long description, bilingual Markdown (second edition).</summary>
    public Dictionary<string, string>? Description { get; init; }

    /// <summary>A media path (see <see cref="MediaPaths"/>) or an absolute https URL.</summary>
    public string? Image { get; init; }

    /// <summary>The key of one of the course's video lessons, public like a preview item.</summary>
    public string? Trailer { get; init; }

    public required List<string> Languages { get; init; }
    public required Effort Effort { get; init; }
    public decimal? VideoCompletionThreshold { get; init; }
    public required List<CourseRunSpec> Runs { get; init; }
    public required GradingPolicy Grading { get; init; }
    public required CertificateRule Certificate { get; init; }
    public required List<ModuleSpec> Modules { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }

    public const decimal DefaultVideoCompletionThreshold = 0.9m;

    public decimal EffectiveVideoCompletionThreshold => VideoCompletionThreshold ?? DefaultVideoCompletionThreshold;

    public IEnumerable<ItemSpec> Items => Modules.SelectMany(module => module.Items);

    public IEnumerable<QuizSpec> Quizzes => Items.OfType<QuizSpec>();

    /// <summary>An item of the course with its module; null when the course has no such item.</summary>
    public (ModuleSpec Module, ItemSpec Item)? Find(string itemKey)
    {
        foreach (var module in Modules)
        {
            if (module.Items.Find(item => item.Key == itemKey) is { } item)
            {
                return (module, item);
            }
        }

        return null;
    }

    /// <summary>An item anyone may see, signed in or not: a preview item or the trailer.</summary>
    public bool IsPublic(ItemSpec item) => item.Preview == true || (Trailer is not null && item.Key == Trailer);

    /// <summary>The media anyone may fetch without a signed address: the course's image, and the videos and posters of its public items.</summary>
    public IEnumerable<string> PublicMedia =>
        new[] { Image }.Concat(Items.Where(IsPublic).OfType<VideoLessonSpec>().SelectMany(video => video.Sources.Select(source => source.Src).Append(video.Poster)))
            .OfType<string>()
            .Where(path => !MediaPaths.IsUrl(path));

    /// <summary>
    /// The time an item takes a learner of <paramref name="language"/>, in whole minutes: a video its
    /// duration, a reading or a quiz the minutes its author gave (a quiz without them a minute a question).
    /// </summary>
    public static int Minutes(ItemSpec item, string language) => item switch
    {
        VideoLessonSpec video => (int)Math.Ceiling(video.DurationIn(language) / 60.0),
        ReadingSpec reading => reading.Minutes,
        QuizSpec quiz => quiz.Minutes ?? quiz.QuestionsPerAttempt,
        _ => 0,
    };
}

public sealed record Effort(int Weeks, decimal HoursPerWeek);

public enum Pacing
{
    Instructor,
    Self,
}

public sealed record CourseRunSpec
{
    public required string Key { get; init; }
    public required Dictionary<string, string> Title { get; init; }
    public required Pacing Pacing { get; init; }
    public required DateTimeOffset EnrollmentOpens { get; init; }
    public DateTimeOffset? EnrollmentCloses { get; init; }
    public required DateTimeOffset Starts { get; init; }
    public DateTimeOffset? Ends { get; init; }

    /// <summary>Instructor-paced runs: when each module opens, by module key.</summary>
    public Dictionary<string, DateTimeOffset>? ModuleOpens { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }

    public bool IsEnrollmentOpen(DateTimeOffset now) =>
        now >= EnrollmentOpens && now < (EnrollmentCloses ?? Ends ?? DateTimeOffset.MaxValue);
}

public sealed record QuizWeight(string Quiz, decimal Weight)
{
    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

public sealed record GradingPolicy(decimal PassMark, List<QuizWeight> Weights);

public sealed record CertificateRule(decimal MinGrade, decimal? MinLessonsCompleted = null, bool? AllQuizzesPassed = null);

public sealed record ModuleSpec
{
    /// <summary>The folder's name, <c>NN-name</c>: its position and how it is exported.</summary>
    public required string Folder { get; init; }
    public required string Key { get; init; }
    public required Dictionary<string, string> Title { get; init; }
    public required Dictionary<string, string> Summary { get; init; }
    public int? UnlockWeek { get; init; }
    public required List<ItemSpec> Items { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

/// <summary>A module's item: a video lesson, a reading or a quiz.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(VideoLessonSpec), "video")]
[JsonDerivedType(typeof(ReadingSpec), "reading")]
[JsonDerivedType(typeof(QuizSpec), "quiz")]
public abstract record ItemSpec
{
    /// <summary>The file's name without its extension, <c>NN-name</c>.</summary>
    public required string FileStem { get; init; }
    public required string Key { get; init; }
    public required Dictionary<string, string> Title { get; init; }

    /// <summary>Lessons and readings: <c>true</c> makes the item's content public (second edition).</summary>
    public bool? Preview { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }

    [JsonIgnore]
    public abstract string TypeName { get; }
}

public sealed record VideoLessonSpec : ItemSpec
{
    /// <summary>
    /// The lesson's videos: one for every language (no <see cref="VideoSourceSpec.Language"/>), or one per
    /// course language in the order of the course's languages, the default language's first.
    /// </summary>
    public required List<VideoSourceSpec> Sources { get; init; }

    /// <summary>A still shown before playback: a media path or an https URL.</summary>
    public string? Poster { get; init; }

    /// <summary>The videos' height in pixels, for players that pick a rendition.</summary>
    public int? Height { get; init; }

    /// <summary>Language → transcript: the WebVTT file's name and its text as authored.</summary>
    public required Dictionary<string, TranscriptSpec> Transcripts { get; init; }

    /// <summary>Language → Markdown notes, as authored.</summary>
    public required Dictionary<string, string> Notes { get; init; }

    public override string TypeName => "video";

    /// <summary>The default language's video (the first source), as the first edition had one.</summary>
    [JsonIgnore]
    public string VideoSource => Sources?.FirstOrDefault()?.Src ?? "";

    /// <summary>The default language's duration; 0 when the lesson has no source (a rule reports it).</summary>
    [JsonIgnore]
    public int DurationSeconds => Sources?.FirstOrDefault()?.DurationSeconds ?? 0;

    /// <summary>True when each language has its own video (and its own timings).</summary>
    [JsonIgnore]
    public bool PerLanguage => Sources?.Any(source => source?.Language is not null) == true;

    /// <summary>The video a learner of <paramref name="language"/> gets: that language's, else the default one.</summary>
    public VideoSourceSpec? SourceFor(string language) =>
        Sources?.FirstOrDefault(source => source?.Language == language) ?? Sources?.FirstOrDefault();

    /// <summary>How long the video in <paramref name="language"/> lasts: its captions' timings must fit in it.</summary>
    public int DurationIn(string language) => SourceFor(language)?.DurationSeconds ?? 0;
}

/// <summary>One video file of a lesson: a media path or an https URL, its duration, and its language if it has one.</summary>
public sealed record VideoSourceSpec(string Src, int DurationSeconds, string? Language = null);

public sealed record TranscriptSpec(string File, string WebVtt);

public sealed record ReadingSpec : ItemSpec
{
    public required int Minutes { get; init; }
    public required Dictionary<string, string> Notes { get; init; }

    public override string TypeName => "reading";
}
