using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Content;
using HiParis.Mooc.Api.Infrastructure.Media;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using HiParis.Mooc.Api.Infrastructure.Localization;

namespace HiParis.Mooc.Api.Features.Learning.Content;

/// <summary>Where a caption or transcript of a lesson is served: to its learners, or to anyone for a preview.</summary>
public sealed record TranscriptRoutes(Func<string, string, string> Url);

/// <summary>Builds an item's content from the package, in the request's language, with a learner's state when there is one.</summary>
internal sealed class ItemContentBuilder(CourseEdition edition, MediaLinks media, TranscriptRoutes transcripts)
{
    /// <summary>How often the player reports what was watched.</summary>
    public const int HeartbeatIntervalSeconds = 10;

    private static readonly Dictionary<string, string> LanguageNames = new() { ["en"] = "English", ["fr"] = "Français" };

    private static readonly string[] TranscriptFormats = ["vtt", "srt", "txt"];

    private CoursePackage Course => edition.Package;

    /// <summary>The request's language when the course has it, else the course's first.</summary>
    public string Language => Course.Languages.Contains(Text.Language) ? Text.Language : Course.Languages[0];

    public ItemContentResponse Build(ModuleSpec module, int week, ItemSpec item, ItemStatus? state, LessonProgress? lesson, QuizInfoResponse? quiz)
    {
        List<ItemSpec> items = [.. Course.Items];
        var index = items.FindIndex(candidate => candidate.Key == item.Key);
        return new ItemContentResponse(
            item.Key,
            Kind(item),
            CatalogMapping.Local(item.Title),
            new ItemModuleResponse(module.Key, week, CatalogMapping.Local(module.Title)),
            index > 0 ? items[index - 1].Key : null,
            index + 1 < items.Count ? items[index + 1].Key : null,
            state,
            Minutes(item),
            Course.IsPublic(item),
            Notes(item),
            item is VideoLessonSpec video ? Video(video, lesson, Course.IsPublic(item)) : null,
            quiz);
    }

    public static ItemKind Kind(ItemSpec item) => item switch
    {
        VideoLessonSpec => ItemKind.Video,
        ReadingSpec => ItemKind.Reading,
        QuizSpec { IsPractice: true } => ItemKind.Practice,
        _ => ItemKind.Quiz,
    };

    public int Minutes(ItemSpec item) => CoursePackage.Minutes(item, Language);

    private NotesResponse? Notes(ItemSpec item)
    {
        var notes = item switch
        {
            VideoLessonSpec video => video.Notes,
            ReadingSpec reading => reading.Notes,
            _ => null,
        };
        if (notes is null || notes.Count == 0)
        {
            return null;
        }

        var language = notes.ContainsKey(Language) ? Language : notes.Keys.First();
        return new NotesResponse(language, MarkdownHtml.Render(notes[language]), notes[language]);
    }

    private VideoResponse Video(VideoLessonSpec video, LessonProgress? lesson, bool isPublic)
    {
        var ordered = video.Sources.OrderBy(source => source.Language == Language ? 0 : source.Language is null ? 1 : 2);
        List<VideoSourceResponse> sources = [.. ordered
            .Select(source => (source, url: media.For(source.Src, isPublic)))
            .Where(pair => pair.url is not null)
            .Select(pair => new VideoSourceResponse(pair.url!, MediaTypes.Of(pair.source.Src)?.Split(';')[0] ?? "video/webm", video.Height, pair.source.Language, pair.source.DurationSeconds))];
        var duration = video.DurationIn(Language);
        var captions = video.Transcripts.Keys
            .Select(language => new CaptionTrackResponse(language, LanguageNames.GetValueOrDefault(language, language), transcripts.Url(language, "vtt"), language == Language))
            .ToList();
        var downloads = video.Transcripts.Keys
            .SelectMany(language => TranscriptFormats.Select(format => new TranscriptDownloadResponse(language, format, transcripts.Url(language, format))))
            .ToList();
        var coverage = lesson is null || duration == 0 ? 0 : Math.Round(lesson.CoveredSeconds / duration, 4);
        return new VideoResponse(
            sources,
            media.For(video.Poster, isPublic),
            duration,
            captions,
            downloads,
            Chapters(video),
            lesson is null ? 0 : VideoCoverage.ResumePosition(lesson.Segments),
            Math.Min(1, coverage),
            new PlayerRulesResponse(Course.EffectiveVideoCompletionThreshold, HeartbeatIntervalSeconds, VideoCoverage.MaxPlaybackRate));
    }

    private List<ChapterResponse> Chapters(VideoLessonSpec video)
    {
        if (!video.Transcripts.TryGetValue(Language, out var transcript) && video.Transcripts.Count > 0)
        {
            transcript = video.Transcripts.Values.First();
        }

        List<ChapterResponse> chapters = [];
        foreach (var cue in transcript is null ? [] : WebVtt.Parse(transcript.WebVtt).Cues)
        {
            if (cue.Chapter is { } title && (chapters.Count == 0 || chapters[^1].Title != title))
            {
                chapters.Add(new ChapterResponse(title, cue.Start));
            }
        }

        return chapters;
    }
}
