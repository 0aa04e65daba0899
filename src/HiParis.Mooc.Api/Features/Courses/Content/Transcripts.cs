using System.Globalization;
using System.Text;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses.Content;

/// <summary>The formats a lesson's transcript is offered in.</summary>
public enum TranscriptFormat
{
    Vtt,
    Srt,
    Txt,
}

/// <summary>A lesson's transcript, from its WebVTT, as captions (WebVTT, SubRip) or as text to read.</summary>
public static class Transcripts
{
    public static bool TryParseFormat(string value, out TranscriptFormat format) =>
        Enum.TryParse(value, ignoreCase: true, out format) && Enum.IsDefined(format) && !int.TryParse(value, out _);

    public static string MediaType(TranscriptFormat format) => format switch
    {
        TranscriptFormat.Vtt => "text/vtt; charset=utf-8",
        TranscriptFormat.Srt => "application/x-subrip; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };

    public static string Convert(string webVtt, TranscriptFormat format) => format switch
    {
        TranscriptFormat.Vtt => webVtt,
        TranscriptFormat.Srt => ToSrt(WebVtt.Parse(webVtt)),
        _ => ToText(WebVtt.Parse(webVtt)),
    };

    /// <summary>SubRip: numbered cues, comma before the milliseconds, text without WebVTT tags or entities.</summary>
    private static string ToSrt(WebVttDocument document)
    {
        var text = new StringBuilder();
        foreach (var (cue, index) in document.Cues.Select((cue, index) => (cue, index)))
        {
            text.Append(CultureInfo.InvariantCulture, $"{index + 1}\n{Time(cue.Start)} --> {Time(cue.End)}\n");
            foreach (var line in cue.Text)
            {
                text.Append(WebVtt.Displayed(line)).Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Plain text to read: a paragraph per chapter, under the chapter's title when it has one.</summary>
    private static string ToText(WebVttDocument document)
    {
        var text = new StringBuilder();
        foreach (var chapter in Chapters(document))
        {
            if (chapter.Title is { } title)
            {
                text.Append(title).Append("\n\n");
            }

            text.Append(string.Join(' ', chapter.Cues.Select(cue => cue.Spoken))).Append("\n\n");
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static IEnumerable<(string? Title, List<WebVttCue> Cues)> Chapters(WebVttDocument document)
    {
        (string? Title, List<WebVttCue> Cues)? current = null;
        foreach (var cue in document.Cues)
        {
            if (current is null || (cue.Chapter is not null && cue.Chapter != current.Value.Title))
            {
                if (current is { Cues.Count: > 0 } done)
                {
                    yield return done;
                }

                current = (cue.Chapter, []);
            }

            current.Value.Cues.Add(cue);
        }

        if (current is { Cues.Count: > 0 } last)
        {
            yield return last;
        }
    }

    private static string Time(double seconds)
    {
        var time = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00},{time.Milliseconds:000}");
    }
}
