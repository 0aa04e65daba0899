using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses.Captions;

/// <summary>
/// How long each cue stays on screen: its characters at a reading speed per language, calibrated on the
/// draft narration (espeak-ng at the speeds <c>DraftVideoRenderer</c> uses reads the shipped transcripts at
/// about 14.5 characters a second in English and 15.5 in French), so that the synthesised speech fits its cue.
/// </summary>
public static class CaptionTiming
{
    /// <summary>Never faster than this, whatever the language: comfortable reading for most viewers.</summary>
    public const double MaxCharactersPerSecond = 17;

    public const double LeadIn = 0.5;
    public const double SentencePause = 0.3;
    public const double ChapterPause = 0.7;

    /// <summary>After the last cue, before the video ends.</summary>
    public const double Tail = 1.5;

    /// <summary>Characters per second a cue is timed at, by language.</summary>
    public static double ReadingSpeed(string language) => language switch
    {
        "fr" => 15,
        _ => 14.5,
    };

    /// <summary>
    /// A cue's duration: its spoken weight at the language's speed (a digit counts four characters, since
    /// "1956" is said "nineteen fifty-six"), within the caption norms.
    /// </summary>
    /// <param name="lines">The cue's lines as a viewer reads them (not escaped).</param>
    /// <param name="language">The transcript's language.</param>
    public static double Duration(IReadOnlyList<string> lines, string language)
    {
        var characters = lines.Sum(line => line.Length);
        var spoken = lines.Sum(line => line.Sum(c => char.IsDigit(c) ? 4 : 1));
        var seconds = Math.Max(spoken / ReadingSpeed(language), characters / MaxCharactersPerSecond);
        return Math.Round(Math.Clamp(seconds, CaptionRules.MinSeconds, CaptionRules.MaxSeconds), 3);
    }

    /// <summary>The whole seconds a video lasts that ends <see cref="Tail"/> after its last cue.</summary>
    public static int VideoDuration(double lastCueEnd) => (int)Math.Ceiling(Math.Round(lastCueEnd + Tail, 3));
}
