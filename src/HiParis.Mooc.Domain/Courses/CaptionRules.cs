using System.Globalization;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>
/// Transcripts are shown as captions, so every cue must read as one: at most two short lines, on screen
/// long enough to read and not so long that it lags the speech, with text a WebVTT parser accepts.
/// The figures follow common broadcast and streaming caption guidelines.
/// </summary>
public static class CaptionRules
{
    public const int MaxLines = 2;
    public const int MaxLineLength = 42;
    public const double MinSeconds = 1;
    public const double MaxSeconds = 7;
    public const double MaxCharactersPerSecond = 20;

    /// <summary>Where a transcript's problems are reported: the file as the package names it.</summary>
    public static string FileOf(CoursePackage course, ModuleSpec module, TranscriptSpec transcript) =>
        $"{course.Slug}/{module.Folder}/{transcript.File}";

    /// <summary>
    /// Checks every transcript of <paramref name="course"/>: its WebVTT shape always, and with
    /// <paramref name="norms"/> the caption norms and that each cue ends within its language's video.
    /// </summary>
    public static void Check(CoursePackage course, PackageProblems problems, bool norms = true)
    {
        foreach (var module in course.Modules)
        {
            foreach (var video in module.Items.OfType<VideoLessonSpec>())
            {
                foreach (var (language, transcript) in video.Transcripts)
                {
                    if (transcript?.WebVtt is null || transcript.File is null)
                    {
                        continue;
                    }

                    var file = FileOf(course, module, transcript);
                    var document = WebVtt.Parse(transcript.WebVtt);
                    foreach (var error in document.Errors)
                    {
                        problems.Add(new SourceRef(file, error.Line), error.Message);
                    }

                    if (norms)
                    {
                        CheckCues(file, document, video.DurationIn(language), problems);
                    }
                }
            }
        }
    }

    /// <summary>How many characters a viewer reads in a cue: its displayed text, line breaks not counted.</summary>
    public static int Characters(WebVttCue cue) => cue.Text.Sum(line => WebVtt.Displayed(line).Length);

    private static void CheckCues(string file, WebVttDocument document, int duration, PackageProblems problems)
    {
        foreach (var cue in document.Cues)
        {
            var at = new SourceRef(file, cue.Line);
            var seconds = cue.End - cue.Start;
            if (cue.Text.Count > MaxLines)
            {
                problems.Add(at, $"caption: a cue has at most {MaxLines} lines, not {cue.Text.Count}");
            }

            for (var i = 0; i < cue.Text.Count; i++)
            {
                var lineAt = new SourceRef(file, cue.Line + 1 + i);
                var length = WebVtt.Displayed(cue.Text[i]).Length;
                if (length > MaxLineLength)
                {
                    problems.Add(lineAt, $"caption: a line has at most {MaxLineLength} characters, not {length}");
                }

                if (WebVtt.EscapingProblem(cue.Text[i]) is { } escaping)
                {
                    problems.Add(lineAt, $"caption: {escaping}");
                }
            }

            if (seconds > MaxSeconds + 0.0005)
            {
                problems.Add(at, Invariant($"caption: a cue lasts at most {MaxSeconds} s, not {seconds:0.###} s"));
            }
            else if (seconds < MinSeconds - 0.0005 && seconds > 0)
            {
                problems.Add(at, Invariant($"caption: a cue lasts at least {MinSeconds} s, not {seconds:0.###} s"));
            }

            var rate = seconds > 0 ? Characters(cue) / seconds : 0;
            if (rate > MaxCharactersPerSecond + 0.0005)
            {
                problems.Add(at, Invariant($"caption: a cue reads at most {MaxCharactersPerSecond} characters per second, not {rate:0.#}"));
            }

            if (duration > 0 && cue.End > duration)
            {
                problems.Add(at, $"malformed transcript: the cue ends after the video's duration ({duration} s)");
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
