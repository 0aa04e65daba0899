using System.Globalization;
using HiParis.Mooc.Api.Infrastructure.Media;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary>
/// What <c>courses validate</c> checks: the package (<see cref="PackageReader"/>), then the media files it
/// names. A missing file is a warning (videos are rendered or uploaded after the package is written); a
/// video whose container says it lasts other than the package declares is an error.
/// </summary>
public static class PackageValidator
{
    /// <summary>How far a video's real duration may be from the declared one, in seconds.</summary>
    public const double DurationTolerance = 1.0;

    public static (CoursePackage? Package, PackageProblems Problems) Validate(string packageDir, MediaFiles media)
    {
        var (package, problems) = PackageReader.Read(packageDir);
        if (package is not null)
        {
            CheckMedia(package, Path.GetFullPath(packageDir), media, problems);
        }

        return (problems.Any ? null : package, problems);
    }

    public static void CheckMedia(CoursePackage course, string packageDir, MediaFiles media, PackageProblems problems)
    {
        Present(course.Image, course.Source, "the course image", packageDir, media, problems);
        foreach (var video in course.Items.OfType<VideoLessonSpec>())
        {
            Present(video.Poster, video.Source, $"the poster of video '{video.Key}'", packageDir, media, problems);
            foreach (var source in video.Sources)
            {
                var what = source.Language is null ? $"video '{video.Key}'" : $"video '{video.Key}' ({source.Language})";
                if (Present(source.Src, video.Source, what, packageDir, media, problems) is not { } file)
                {
                    continue;
                }

                var seconds = MediaDuration.Read(file);
                if (seconds is null)
                {
                    problems.Add(video.Source, $"{what}: '{source.Src}' is not an MP4 or WebM file that records its duration");
                }
                else if (Math.Abs(seconds.Value - source.DurationSeconds) > DurationTolerance)
                {
                    problems.Add(video.Source, string.Create(CultureInfo.InvariantCulture, $"{what}: '{source.Src}' lasts {seconds.Value:0.###} s, but the package declares {source.DurationSeconds} s (they must agree within {DurationTolerance} s)"));
                }
            }
        }
    }

    /// <summary>The file a media path names, or null with a warning when it is not there yet; URLs are not checked.</summary>
    private static string? Present(string? reference, SourceRef? at, string what, string packageDir, MediaFiles media, PackageProblems problems)
    {
        if (reference is null || MediaPaths.IsUrl(reference))
        {
            return null;
        }

        var file = media.Find(reference, packageDir);
        if (file is null)
        {
            problems.AddWarning(at, $"{what}: media file '{reference}' is in neither {media.Root} nor {Path.Combine(packageDir, MediaFiles.PackageFolder)}");
        }

        return file;
    }
}
