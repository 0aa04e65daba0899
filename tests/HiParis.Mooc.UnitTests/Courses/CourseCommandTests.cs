using HiParis.Mooc.Api.Cli;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Media;

namespace HiParis.Mooc.UnitTests.Courses;

/// <summary>The file-only course commands (no database): validate, captions, and what render-videos needs.</summary>
public sealed class CourseCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mooc-cli-");

    private MediaFiles NoMediaRoot => new(Path.Combine(_folder.FullName, "no-media"), null);

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Validate_WhenMediaFilesAreMissing_WarnsAndExits0_ButAnErrorExits1()
    {
        var package = Copy("valid/tiny", withMedia: false);
        var broken = Copy("broken/media-duration-mismatch/tiny", withMedia: true, name: "broken");

        var warned = await MoocCli.RunAsync(["courses", "validate", package], services: null, media: NoMediaRoot);
        var failed = await MoocCli.RunAsync(["courses", "validate", broken], services: null, media: NoMediaRoot);

        Assert.Equal(0, warned);
        Assert.Equal(1, failed);
        Assert.NotEmpty(PackageValidator.Validate(package, NoMediaRoot).Problems.Warnings);
    }

    [Fact]
    public async Task Captions_OnTranscriptsThatBreakTheNorms_ReCutsThemToAValidPackage_AndASecondRunChangesNothing()
    {
        var package = Copy("valid/tiny", withMedia: false);
        var english = Path.Combine(package, "01-basics", "01-welcome.en.vtt");
        await File.WriteAllTextAsync(english, "WEBVTT\n\nNOTE chapter: Hello\n\n00:00:00.000 --> 00:00:03.000\nWelcome to this tiny course, made to try the format of course packages & their captions. That is all.\n", TestContext.Current.CancellationToken);
        Assert.Null(PackageReader.Read(package).Package);

        var first = await MoocCli.RunAsync(["courses", "captions", package], services: null, media: NoMediaRoot);
        var afterFirst = Snapshot(package);
        var second = await MoocCli.RunAsync(["courses", "captions", package], services: null, media: NoMediaRoot);

        Assert.Equal((0, 0), (first, second));
        Assert.Equal(afterFirst, Snapshot(package));
        var (course, problems) = PackageReader.Read(package);
        Assert.True(course is not null, problems.ToString());
        Assert.Contains("packages &amp; their", afterFirst["01-basics/01-welcome.en.vtt"], StringComparison.Ordinal);
        Assert.StartsWith("WEBVTT\n\nNOTE chapter: Hello\n\n00:00:00.500 --> ", afterFirst["01-basics/01-welcome.en.vtt"], StringComparison.Ordinal);
        Assert.True(course.Items.OfType<Domain.Courses.VideoLessonSpec>().Single().DurationIn("en") > 3);
    }

    [Fact]
    public void MediaTools_WhenNothingIsInstalled_NameWhatToInstallWithApt()
    {
        var tools = MediaTools.Find(_folder.FullName, _folder.FullName, out var missing);

        Assert.Null(tools);
        Assert.Contains("ffmpeg, espeak-ng, the Noto Sans fonts", missing, StringComparison.Ordinal);
        Assert.EndsWith("Install them with: apt-get install ffmpeg espeak-ng fonts-noto-core", missing, StringComparison.Ordinal);
    }

    private string Copy(string relative, bool withMedia, string name = "tiny")
    {
        var target = Path.Combine(_folder.FullName, name, "tiny");
        foreach (var file in Directory.GetFiles(TestPackages.Folder(relative), "*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(TestPackages.Folder(relative), file);
            if (withMedia || !path.StartsWith("media", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, path))!);
                File.Copy(file, Path.Combine(target, path));
            }
        }

        return target;
    }

    private static Dictionary<string, string> Snapshot(string package) =>
        Directory.GetFiles(package, "*", SearchOption.AllDirectories).ToDictionary(file => Path.GetRelativePath(package, file).Replace('\\', '/'), File.ReadAllText);
}
