using System.Diagnostics;
using HiParis.Mooc.Api.Features.Courses.Packages;

namespace HiParis.Mooc.Api.Infrastructure.Media;

/// <summary>
/// With <c>Media:RenderOnStartup</c>, renders the draft videos the course packages call for and that are not
/// there yet, one at a time, at the lowest CPU priority, while the host serves (ADR 16). Without ffmpeg,
/// espeak-ng or the fonts it logs what to install and does nothing else.
/// </summary>
public sealed class DraftVideoService(MediaFiles media, ILogger<DraftVideoService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up goes on at once: the first render begins after the host is up.
        await Task.Yield();
        if (MediaTools.Find(out var missing) is not { } tools)
        {
            logger.LogWarning("{Missing}. Lessons have no draft video until then.", missing);
            return;
        }

        if (media.CoursesDirectory is null)
        {
            return;
        }

        List<(DraftVideo Video, string Package)> pending = [];
        foreach (var packageDir in PackageReader.FindPackages(media.CoursesDirectory))
        {
            if (PackageReader.Read(packageDir).Package is { } course)
            {
                pending.AddRange(DraftVideos.Plan(course, media).Where(video => !DraftVideos.IsMade(video, media, packageDir)).Select(video => (video, packageDir)));
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        logger.LogInformation("Rendering {Count} draft video(s) into {Root} in the background.", pending.Count, media.Root);
        var renderer = new DraftVideoRenderer(tools, lowPriority: true, threads: 1);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pending.Count; i++)
        {
            var video = pending[i].Video;
            try
            {
                var started = Stopwatch.StartNew();
                await renderer.RenderAsync(video, null, stoppingToken);
                logger.LogInformation("Draft video {Index}/{Count} {Path}: {Seconds} s of video in {Elapsed:0.0} s.", i + 1, pending.Count, video.MediaPath, video.DurationSeconds, started.Elapsed.TotalSeconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                logger.LogInformation("Draft video rendering stopped with {Left} video(s) left; they are rendered at the next start.", pending.Count - i);
                return;
            }
            catch (Exception failure) when (failure is InvalidOperationException or IOException or InvalidDataException)
            {
                logger.LogError(failure, "Draft video {Path} could not be rendered.", video.MediaPath);
            }
        }

        logger.LogInformation("Draft videos rendered in {Minutes:0.0} min.", clock.Elapsed.TotalMinutes);
    }
}
