using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>A cue: where its timing line is (1-based), its times in seconds, its text lines as written, and the chapter it belongs to.</summary>
public sealed record WebVttCue(int Line, double Start, double End, IReadOnlyList<string> Text, string? Chapter)
{
    /// <summary>The text a viewer reads: tags dropped, character references decoded, lines joined by a space.</summary>
    public string Spoken => string.Join(' ', Text.Select(WebVtt.Displayed));
}

/// <summary>A NOTE block, and the index of the cue it comes before (notes keep their place when cues are re-cut).</summary>
public sealed record WebVttNote(int Line, string Text, int BeforeCue)
{
    /// <summary>The title of a <c>NOTE chapter: …</c> block, else null.</summary>
    public string? Chapter => Text.StartsWith(WebVtt.ChapterPrefix, StringComparison.Ordinal) ? Text[WebVtt.ChapterPrefix.Length..].Trim() : null;
}

public sealed record WebVttError(int Line, string Message);

public sealed record WebVttDocument(string Header, IReadOnlyList<WebVttCue> Cues, IReadOnlyList<WebVttNote> Notes, IReadOnlyList<WebVttError> Errors);

/// <summary>
/// The subset of WebVTT that transcripts use: a <c>WEBVTT</c> header, then blocks separated by blank lines,
/// each a cue (optional identifier, <c>HH:MM:SS.mmm --&gt; HH:MM:SS.mmm</c>, text lines) or a NOTE.
/// </summary>
public static partial class WebVtt
{
    public const string ChapterPrefix = "NOTE chapter:";

    public static WebVttDocument Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        List<WebVttCue> cues = [];
        List<WebVttNote> notes = [];
        List<WebVttError> errors = [];
        if (!(lines[0] == "WEBVTT" || lines[0].StartsWith("WEBVTT ", StringComparison.Ordinal)))
        {
            errors.Add(new(1, "malformed transcript: a WebVTT file starts with 'WEBVTT'"));
            return new WebVttDocument("", cues, notes, errors);
        }

        string? chapter = null;
        var previousEnd = -1.0;
        var i = SkipBlock(lines, 0);
        while (i < lines.Length)
        {
            if (lines[i].Trim().Length == 0)
            {
                i++;
                continue;
            }

            var start = i;
            var end = SkipBlock(lines, i);
            var block = lines[start..end];
            i = end;
            if (block[0] == "NOTE" || block[0].StartsWith("NOTE ", StringComparison.Ordinal) || block[0].StartsWith("NOTE\t", StringComparison.Ordinal))
            {
                var note = new WebVttNote(start + 1, string.Join('\n', block), cues.Count);
                chapter = note.Chapter ?? chapter;
                notes.Add(note);
                if (block.Any(line => line.Contains("-->", StringComparison.Ordinal)))
                {
                    errors.Add(new(start + 1, "malformed transcript: a NOTE block cannot contain '-->'"));
                }

                continue;
            }

            var timing = block[0].Contains("-->", StringComparison.Ordinal) ? 0 : 1;
            if (timing >= block.Length || !block[timing].Contains("-->", StringComparison.Ordinal))
            {
                errors.Add(new(start + 1, "malformed transcript: expected a cue (a timing line HH:MM:SS.mmm --> HH:MM:SS.mmm) or a NOTE block"));
                continue;
            }

            var line = start + timing + 1;
            var match = CueTiming().Match(block[timing]);
            if (!match.Success)
            {
                errors.Add(new(line, "malformed transcript: cue timing must read HH:MM:SS.mmm --> HH:MM:SS.mmm"));
                continue;
            }

            var from = Seconds(match, 1);
            var to = Seconds(match, 5);
            if (to <= from || from < previousEnd)
            {
                errors.Add(new(line, "malformed transcript: cue times must increase"));
            }

            if (timing + 1 >= block.Length)
            {
                errors.Add(new(line, "malformed transcript: a cue has no text"));
            }

            previousEnd = to;
            cues.Add(new WebVttCue(line, from, to, block[(timing + 1)..], chapter));
        }

        if (cues.Count == 0)
        {
            errors.Add(new(1, "malformed transcript: no cues"));
        }

        return new WebVttDocument(lines[0], cues, notes, errors);
    }

    /// <summary>What a viewer sees of one text line: cue tags dropped, character references decoded.</summary>
    public static string Displayed(string line) => WebUtility.HtmlDecode(CueTag().Replace(line, ""));

    /// <summary>Text made safe for a cue: <c>&amp;</c> and <c>&lt;</c> escaped, and the <c>&gt;</c> of an arrow, which would end the cue.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace("-->", "--&gt;", StringComparison.Ordinal);

    /// <summary><c>HH:MM:SS.mmm</c>, from seconds rounded to the millisecond.</summary>
    public static string Timestamp(double seconds)
    {
        var ms = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{ms / 3_600_000:00}:{ms / 60_000 % 60:00}:{ms / 1000 % 60:00}.{ms % 1000:000}");
    }

    /// <summary>The first problem of WebVTT text escaping in a cue's text line, or null.</summary>
    public static string? EscapingProblem(string line)
    {
        if (line.Contains("-->", StringComparison.Ordinal))
        {
            return "'-->' may not appear in cue text";
        }

        for (var at = line.IndexOf('&', StringComparison.Ordinal); at >= 0; at = line.IndexOf('&', at + 1))
        {
            if (!CharacterReference().IsMatch(line, at))
            {
                return "a raw '&' in cue text must be written &amp;";
            }
        }

        for (var at = line.IndexOf('<', StringComparison.Ordinal); at >= 0; at = line.IndexOf('<', at + 1))
        {
            if (!CueTagAt().IsMatch(line, at))
            {
                return "a '<' that does not start a cue tag must be written &lt;";
            }
        }

        return null;
    }

    private static int SkipBlock(string[] lines, int from)
    {
        var i = from;
        while (i < lines.Length && lines[i].Trim().Length > 0)
        {
            i++;
        }

        return i;
    }

    private static double Seconds(Match match, int group) =>
        (int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * 3600) +
        (int.Parse(match.Groups[group + 1].Value, CultureInfo.InvariantCulture) * 60) +
        int.Parse(match.Groups[group + 2].Value, CultureInfo.InvariantCulture) +
        (int.Parse(match.Groups[group + 3].Value, CultureInfo.InvariantCulture) / 1000.0);

    [GeneratedRegex(@"^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})(?: .*)?$")]
    private static partial Regex CueTiming();

    [GeneratedRegex(@"\G&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")]
    private static partial Regex CharacterReference();

    // The cue spans of WebVTT (class, italic, bold, underline, ruby, voice, language) and timestamp tags.
    [GeneratedRegex(@"\G<(?:/?(?:c|i|b|u|ruby|rt|v|lang)(?:\.[^\s>]+)*(?:[ \t][^>]*)?|\d{2,}:[0-5]\d:[0-5]\d\.\d{3}|[0-5]\d:[0-5]\d\.\d{3})>")]
    private static partial Regex CueTagAt();

    [GeneratedRegex(@"<(?:/?(?:c|i|b|u|ruby|rt|v|lang)(?:\.[^\s>]+)*(?:[ \t][^>]*)?|\d{2,}:[0-5]\d:[0-5]\d\.\d{3}|[0-5]\d:[0-5]\d\.\d{3})>")]
    private static partial Regex CueTag();
}
