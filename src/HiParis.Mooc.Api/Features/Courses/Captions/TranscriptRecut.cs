using System.Text;
using System.Text.RegularExpressions;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses.Captions;

/// <summary>What re-cutting did to one lesson: its cues and declared duration per language.</summary>
public sealed record LessonRecut(string Key, IReadOnlyDictionary<string, (int Cues, int Duration)> Languages);

/// <summary>
/// <c>courses captions</c>: every transcript of a package re-cut to the caption norms (see <see cref="CueCutter"/>
/// and <see cref="CaptionTiming"/>), NOTE blocks kept in place, and each lesson's declared duration per language
/// set to its last cue's end plus a short tail. Running it on its own output changes nothing.
/// </summary>
public static partial class TranscriptRecut
{
    public static (string WebVtt, double LastCueEnd, int Cues) Recut(string webVtt, string language)
    {
        var document = WebVtt.Parse(webVtt);
        var text = new StringBuilder(document.Header).Append('\n');
        var time = CaptionTiming.LeadIn;
        var lastEnd = 0.0;
        var count = 0;
        var starts = document.Notes.Select(note => note.BeforeCue).Append(0).Append(document.Cues.Count).Distinct().Order().ToList();
        for (var s = 0; s < starts.Count; s++)
        {
            var from = starts[s];
            foreach (var note in document.Notes.Where(note => note.BeforeCue == from))
            {
                if (note.Chapter is not null && count > 0)
                {
                    time += CaptionTiming.ChapterPause;
                }

                text.Append('\n').Append(note.Text).Append('\n');
            }

            if (s + 1 >= starts.Count)
            {
                break;
            }

            var spoken = string.Join(' ', document.Cues.Skip(from).Take(starts[s + 1] - from).Select(cue => cue.Spoken));
            foreach (var sentence in CueCutter.Sentences(spoken, language))
            {
                foreach (var lines in CueCutter.Cues(sentence, language))
                {
                    var end = Math.Round(time + CaptionTiming.Duration(lines, language), 3);
                    text.Append('\n').Append(WebVtt.Timestamp(time)).Append(" --> ").Append(WebVtt.Timestamp(end)).Append('\n');
                    foreach (var line in lines)
                    {
                        text.Append(WebVtt.Escape(line)).Append('\n');
                    }

                    time = lastEnd = end;
                    count++;
                }

                time = Math.Round(time + CaptionTiming.SentencePause, 3);
            }
        }

        return (text.ToString(), lastEnd, count);
    }

    /// <summary>Every transcript of <paramref name="course"/> re-cut; lessons get one video per language, each declared as long as its captions.</summary>
    public static (CoursePackage Course, IReadOnlyList<LessonRecut> Lessons) Recut(CoursePackage course, Action<int, int, LessonRecut>? progress = null)
    {
        var total = course.Items.OfType<VideoLessonSpec>().Count();
        List<LessonRecut> done = [];
        List<ModuleSpec> modules = [];
        foreach (var module in course.Modules)
        {
            List<ItemSpec> items = [];
            foreach (var item in module.Items)
            {
                if (item is not VideoLessonSpec video)
                {
                    items.Add(item);
                    continue;
                }

                Dictionary<string, TranscriptSpec> transcripts = [];
                Dictionary<string, (int Cues, int Duration)> languages = [];
                foreach (var (language, transcript) in video.Transcripts)
                {
                    var (webVtt, lastEnd, cues) = Recut(transcript.WebVtt, language);
                    transcripts[language] = transcript with { WebVtt = webVtt };
                    languages[language] = (cues, CaptionTiming.VideoDuration(lastEnd));
                }

                var lesson = new LessonRecut(video.Key, languages);
                items.Add(video with { Transcripts = transcripts, Sources = Sources(course, video, languages) });
                done.Add(lesson);
                progress?.Invoke(done.Count, total, lesson);
            }

            modules.Add(module with { Items = items });
        }

        return (course with { Modules = modules }, done);
    }

    /// <summary>
    /// One source per language, each as long as that language's captions. A single video file becomes one per
    /// language named after it (<c>name.webm</c> → <c>name.en.webm</c>); a single URL stays, as long as the longest.
    /// </summary>
    private static List<VideoSourceSpec> Sources(CoursePackage course, VideoLessonSpec video, Dictionary<string, (int Cues, int Duration)> languages)
    {
        int DurationOf(string? language) =>
            language is not null && languages.TryGetValue(language, out var recut) ? recut.Duration : languages.Values.Max(value => value.Duration);

        if (video.PerLanguage)
        {
            return [.. video.Sources.Select(source => source with { DurationSeconds = DurationOf(source.Language) })];
        }

        var single = video.Sources[0];
        if (MediaPaths.IsUrl(single.Src) || course.Languages.Count < 2)
        {
            return [single with { DurationSeconds = DurationOf(null) }];
        }

        var match = FileName().Match(single.Src);
        var stem = match.Groups["stem"].Value;
        var existing = match.Groups["language"].Value;
        return [.. course.Languages.Select(language => new VideoSourceSpec(
            (course.Languages.Contains(existing) ? stem : stem + (existing.Length > 0 ? "." + existing : "")) + "." + language + match.Groups["extension"].Value,
            DurationOf(language),
            language))];
    }

    [GeneratedRegex(@"^(?<stem>.*?)(?:\.(?<language>[a-z]{2}))?(?<extension>\.[A-Za-z0-9]+)?$")]
    private static partial Regex FileName();
}
