using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HiParis.Mooc.Api.Infrastructure.Media;

namespace HiParis.Mooc.IntegrationTests.Features.Courses;

/// <summary>
/// The draft-video renderer with the real tools (Debian's ffmpeg, espeak-ng and fonts-noto-core, which
/// .ci/run installs): the tiny package's 3-second English lesson, checked by our reader and by ffprobe.
/// </summary>
public sealed class DraftVideoTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mooc-draft-video-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Render_OfAThreeSecondLesson_GivesAWebmOfThatDuration_ThatFfprobeReadsAlike()
    {
        var tools = MediaTools.Find(out var missing) ?? throw new InvalidOperationException(missing);
        var media = new MediaFiles(_root.FullName, null);
        var video = Assert.Single(DraftVideos.Plan(CoursePackageFixtures.Read(CoursePackageFixtures.TinyCourse), media, only: "welcome"), video => video.Language == "en");

        var result = await new DraftVideoRenderer(tools).RenderAsync(video, null, TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(_root.FullName, "tiny", "welcome.en.webm"), video.OutputPath);
        Assert.Equal(3, video.DurationSeconds);
        Assert.Equal(3, MediaDuration.Read(video.OutputPath)!.Value, tolerance: 0.1);
        Assert.Equal(result.Seconds, MediaDuration.Read(video.OutputPath)!.Value);
        Assert.True(DraftVideos.IsMade(video, media));
        Assert.Equal([video.OutputPath], Directory.GetFiles(Path.GetDirectoryName(video.OutputPath)!));

        var probe = await FfprobeAsync(video.OutputPath);
        Assert.Equal(3, double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture), tolerance: 0.1);
        var streams = probe.GetProperty("streams").EnumerateArray().ToDictionary(stream => stream.GetProperty("codec_type").GetString()!);
        Assert.Equal("vp9", streams["video"].GetProperty("codec_name").GetString());
        Assert.Equal((854, 480), (streams["video"].GetProperty("width").GetInt32(), streams["video"].GetProperty("height").GetInt32()));
        Assert.Equal("opus", streams["audio"].GetProperty("codec_name").GetString());
    }

    private static async Task<JsonElement> FfprobeAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-v", "error", "-show_entries", "format=duration:stream=codec_type,codec_name,width,height", "-of", "json", path])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
