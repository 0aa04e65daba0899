using System.Text.Json.Nodes;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.UnitTests.Courses;

/// <summary>The package format's second edition: what it adds, and that what the first edition stored still reads.</summary>
public sealed class SecondEditionTests
{
    private static readonly CoursePackage Tiny = Read(TestPackages.Folder("valid/tiny"));

    [Fact]
    public void Deserialize_OfContentStoredByTheFirstEdition_ReadsOneVideoForEveryLanguage_AndExportsTheFirstEditionsFiles()
    {
        var json = File.ReadAllText(TestPackages.Folder("first-edition/tiny.json"));

        var course = CourseContentJson.Deserialize(json);

        var video = Assert.Single(course.Items.OfType<VideoLessonSpec>());
        Assert.Equal([new VideoSourceSpec("tiny/welcome.mp4", 60)], video.Sources);
        Assert.Equal(("tiny/welcome.mp4", 60, 60), (video.VideoSource, video.DurationSeconds, video.DurationIn("fr")));
        AssertSameFiles(TestPackages.Folder("first-edition/tiny"), PackageWriter.Write(course));
    }

    [Fact]
    public void Deserialize_OfFirstEditionContentWithKeysInJsonbOrder_StillReads()
    {
        var json = Sorted(JsonNode.Parse(File.ReadAllText(TestPackages.Folder("first-edition/tiny.json")))!).ToJsonString();

        var course = CourseContentJson.Deserialize(json);

        Assert.Equal(60, course.Items.OfType<VideoLessonSpec>().Single().DurationSeconds);
    }

    [Fact]
    public void ContentJson_KeepsEverySecondEditionField()
    {
        var copy = CourseContentJson.Deserialize(CourseContentJson.Serialize(Tiny));

        Assert.Equal(PackageWriter.Write(Tiny), PackageWriter.Write(copy));
        Assert.Equal(("tiny/cover.png", "welcome"), (copy.Image, copy.Trailer));
        Assert.True(copy.Items.Single(item => item.Key == "read-me").Preview);
        Assert.True(copy.IsPublic(copy.Items.Single(item => item.Key == "welcome")));
    }

    [Fact]
    public void VideoLesson_WithAVideoPerLanguage_HasEachLanguagesDuration_AndTheDefaultLanguagesAsItsOwn()
    {
        var video = Tiny.Items.OfType<VideoLessonSpec>().Single();

        Assert.True(video.PerLanguage);
        Assert.Equal((3, 4), (video.DurationIn("en"), video.DurationIn("fr")));
        Assert.Equal(("tiny/welcome.en.webm", 3), (video.VideoSource, video.DurationSeconds));
        Assert.Equal("tiny/welcome.fr.webm", video.SourceFor("fr")!.Src);
    }

    [Fact]
    public void PracticeSet_LivesByThePracticePolicy_AndIsWrittenWithoutOne()
    {
        var practice = Tiny.Quizzes.Single(quiz => quiz.Key == "tiny-practice");
        var authored = practice with { Practice = false, Policy = practice.Policy with { MaxAttempts = 1, ShowAnswers = ShowAnswers.Never } };

        var written = PackageWriter.Write(Tiny)["tiny/01-basics/04-practice.yaml"];

        Assert.True(practice.IsPractice);
        Assert.Equal(QuizPolicy.Practice, practice.Policy);
        Assert.Equal(QuizPolicy.Practice, (authored with { Practice = true }).Policy);
        Assert.DoesNotContain("policy:", written, StringComparison.Ordinal);
        Assert.Equal(4, Tiny.Quizzes.Single(quiz => quiz.Key == "tiny-check").QuestionsPerAttempt);
    }

    [Theory]
    [InlineData("Two lines\nand a final break\n")]
    [InlineData("No final break\nat all")]
    [InlineData("A blank line\n\nbetween paragraphs\n")]
    [InlineData("  Leading blanks\nchoose quotes")]
    [InlineData("A line of blanks\n   \nchooses quotes")]
    [InlineData("Two final breaks\n\n")]
    [InlineData("- a list\n  - nested: with a colon\n# and a heading\n")]
    public async Task Description_OfSeveralLines_ReadsBackAsWritten(string text)
    {
        var course = Tiny with { Description = new() { ["en"] = text, ["fr"] = "Une ligne." } };
        var folder = Directory.CreateTempSubdirectory("mooc-description-");
        try
        {
            await PackageWriter.WriteToAsync(course, folder.FullName, TestContext.Current.CancellationToken);

            var back = Read(Path.Combine(folder.FullName, "tiny"));

            Assert.Equal(text, back.Description!["en"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Issue 16: a course.yaml of a few KB nesting 100,000 '[' overflowed the stack and ended the process.</summary>
    [Fact]
    public void Read_WhenCourseYamlNests100000Brackets_ReportsAProblemInsteadOfCrashing()
    {
        var folder = Directory.CreateTempSubdirectory("mooc-deep-");
        try
        {
            var package = Path.Combine(folder.FullName, "tiny");
            Directory.CreateDirectory(package);
            File.WriteAllText(Path.Combine(package, PackageReader.CourseFile), "slug: tiny\ntitle: " + new string('[', 100_000) + "\n");

            var (course, problems) = PackageReader.Read(package);

            Assert.Null(course);
            Assert.Contains(problems.All, problem => problem.ToString() == $"tiny/course.yaml:2: invalid YAML: nested deeper than {PackageReader.MaxYamlDepth} levels");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void AssertSameFiles(string dir, SortedDictionary<string, string> written)
    {
        var parent = Path.GetDirectoryName(dir)!;
        var onDisk = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(parent, file).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, written.Keys);
        foreach (var (path, content) in written)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(parent, path)), content);
        }
    }

    /// <summary>PostgreSQL's jsonb keeps object keys shortest first, then in byte order: not the order they were written in.</summary>
    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject map => new JsonObject(map.OrderBy(pair => pair.Key.Length).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => KeyValuePair.Create(pair.Key, pair.Value is null ? null : Sorted(pair.Value)))),
        JsonArray list => new JsonArray([.. list.Select(item => item is null ? null : Sorted(item))]),
        _ => node.DeepClone(),
    };

    private static CoursePackage Read(string dir)
    {
        var (package, problems) = PackageReader.Read(dir);
        return package ?? throw new InvalidOperationException(problems.ToString());
    }
}
