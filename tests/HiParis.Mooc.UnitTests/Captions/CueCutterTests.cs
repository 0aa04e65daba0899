using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Captions;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.UnitTests.Courses;

namespace HiParis.Mooc.UnitTests.Captions;

public sealed class CueCutterTests
{
    private static readonly CoursePackage Shipped = PackageReader.Read(Path.Combine(TestPackages.ShippedCourses(), "understanding-ai")).Package!;

    /// <summary>Every shipped lesson in both languages, as one long run of text: about 20,000 words.</summary>
    public static TheoryData<string, string> Lessons() =>
        [.. Shipped.Items.OfType<VideoLessonSpec>().SelectMany(video => video.Transcripts.Keys.Select(language => (video.Key, language)))];

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Recut_OfALongTranscript_KeepsEveryNormAndEveryWordInOrder(string lesson, string language)
    {
        var text = Shipped.Items.OfType<VideoLessonSpec>().Single(video => video.Key == lesson).Transcripts[language].WebVtt;
        var joined = OneLine(WebVtt.Parse(text).Cues.Select(cue => cue.Spoken));

        var (recut, lastEnd, count) = TranscriptRecut.Recut(OneCue(joined), language);

        var cues = WebVtt.Parse(recut).Cues;
        Assert.Equal(count, cues.Count);
        Assert.Equal(joined, OneLine(cues.Select(cue => cue.Spoken)));
        Assert.Equal(lastEnd, cues[^1].End);
        Assert.All(cues, cue =>
        {
            var seconds = cue.End - cue.Start;
            Assert.InRange(cue.Text.Count, 1, CaptionRules.MaxLines);
            Assert.All(cue.Text, line => Assert.InRange(WebVtt.Displayed(line).Length, 1, CaptionRules.MaxLineLength));
            // Times are whole milliseconds, so a 7 s cue can differ from 7 by a rounding error, as the validator allows.
            Assert.InRange(seconds, CaptionRules.MinSeconds - 0.0005, CaptionRules.MaxSeconds + 0.0005);
            Assert.True(CaptionRules.Characters(cue) / seconds <= CaptionTiming.MaxCharactersPerSecond + 0.01, $"{cue.Line}: {CaptionRules.Characters(cue) / seconds:0.0} characters a second");
            Assert.All(cue.Text, line => Assert.Null(WebVtt.EscapingProblem(line)));
        });
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void Recut_RunTwice_ChangesNothingTheSecondTime(string language)
    {
        var video = Shipped.Items.OfType<VideoLessonSpec>().First();
        var first = TranscriptRecut.Recut(OneCue(OneLine(WebVtt.Parse(video.Transcripts[language].WebVtt).Cues.Select(cue => cue.Spoken))), language);

        var second = TranscriptRecut.Recut(first.WebVtt, language);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Recut_KeepsNoteBlocksInPlace_AndEscapesWhatWebVttReserves()
    {
        const string text = "WEBVTT\n\nNOTE chapter: Names\n\n00:00:00.000 --> 00:00:30.000\nAT&T and R&D, or x<y --> z.\n\nNOTE chapter: Numbers\n\n00:00:30.000 --> 00:00:40.000\nThe end.\n";

        var (recut, _, _) = TranscriptRecut.Recut(text, "en");

        var document = WebVtt.Parse(recut);
        Assert.Empty(document.Errors);
        Assert.Equal(["Names", "Numbers"], document.Notes.Select(note => note.Chapter));
        Assert.Equal([0, 1], document.Notes.Select(note => note.BeforeCue));
        Assert.Equal(["Names", "Numbers"], document.Cues.Select(cue => cue.Chapter));
        Assert.Equal("AT&amp;T and R&amp;D, or x&lt;y --&gt; z.", document.Cues[0].Text.Single());
        Assert.Equal("AT&T and R&D, or x<y --> z.", document.Cues[0].Spoken);
    }

    [Fact]
    public void Cues_BreakAtPunctuationFirst_ThenBeforeAConjunction_NeverAfterAnArticle()
    {
        var cues = CueCutter.Cues("Before we talk about regulation, industry or society, we need to know where the field comes from, because many of today's debates are much older than they look.", "en");

        Assert.Equal(
            [["Before we talk about regulation,", "industry or society,"], ["we need to know", "where the field comes from,"], ["because many of today's debates", "are much older than they look."]],
            cues);
    }

    [Fact]
    public void Sentences_InFrench_KeepPunctuationWithItsWord_AndSkipAbbreviations()
    {
        var sentences = CueCutter.Sentences("M. Turing pose la question : les machines peuvent-elles penser ? Oui, dit-il. Voir p. 12.", "fr");

        Assert.Equal(["M. Turing pose la question\u00A0: les machines peuvent-elles penser\u00A0?", "Oui, dit-il.", "Voir p. 12."], sentences);
    }

    [Fact]
    public void Sentences_DoNotEndAtTheExclamationMarkOfHiParis()
    {
        var sentences = CueCutter.Sentences("These patterns appear across sectors. Hi! PARIS works with corporate donors. Hi!", "en");

        Assert.Equal(["These patterns appear across sectors.", "Hi! PARIS works with corporate donors.", "Hi!"], sentences);
    }

    [Fact]
    public void RecutCourse_GivesEachLanguageItsOwnVideoAndDuration_NamedAfterTheSingleOne()
    {
        var firstEdition = CourseContentJson.Deserialize(File.ReadAllText(TestPackages.Folder("first-edition/tiny.json")));

        var (course, lessons) = TranscriptRecut.Recut(firstEdition);

        var video = course.Items.OfType<VideoLessonSpec>().Single();
        var durations = Assert.Single(lessons).Languages;
        Assert.Equal(
            [new VideoSourceSpec("tiny/welcome.en.mp4", durations["en"].Duration, "en"), new VideoSourceSpec("tiny/welcome.fr.mp4", durations["fr"].Duration, "fr")],
            video.Sources);
        Assert.All(video.Transcripts, pair => Assert.True(WebVtt.Parse(pair.Value.WebVtt).Cues[^1].End + CaptionTiming.Tail <= video.DurationIn(pair.Key)));
        Assert.Equal(course, TranscriptRecut.Recut(course).Course, CourseComparer.Instance);
    }

    private static string OneLine(IEnumerable<string> texts) => string.Join(' ', string.Join(' ', texts).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>All the text in one cue, as the first edition's transcripts had them (hundreds of characters).</summary>
    private static string OneCue(string text) => $"WEBVTT\n\n00:00:00.000 --> 00:10:00.000\n{WebVtt.Escape(text)}\n";

    /// <summary>Two courses are the same when they write the same package.</summary>
    private sealed class CourseComparer : IEqualityComparer<CoursePackage>
    {
        public static readonly CourseComparer Instance = new();

        public bool Equals(CoursePackage? x, CoursePackage? y) => PackageWriter.ContentHash(x!) == PackageWriter.ContentHash(y!);

        public int GetHashCode(CoursePackage obj) => PackageWriter.ContentHash(obj).GetHashCode(StringComparison.Ordinal);
    }
}
