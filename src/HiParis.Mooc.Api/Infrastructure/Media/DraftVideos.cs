using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Infrastructure.Media;

/// <summary>Which draft videos a package calls for, and which of them are still to make.</summary>
public static class DraftVideos
{
    /// <summary>How far a video already there may be from its declared duration and still count as made (the validator's tolerance).</summary>
    public const double Tolerance = 1.0;

    /// <summary>
    /// One video per lesson and language that the package names by a media path (an https URL is someone
    /// else's), written under the media root; a lesson with one video for every language gets it once, in
    /// the course's first language. <paramref name="only"/> keeps one lesson.
    /// </summary>
    public static IReadOnlyList<DraftVideo> Plan(CoursePackage course, MediaFiles media, string? only = null)
    {
        List<DraftVideo> videos = [];
        foreach (var lesson in course.Items.OfType<VideoLessonSpec>().Where(lesson => only is null || lesson.Key == only))
        {
            foreach (var source in lesson.Sources)
            {
                var language = source.Language ?? course.Languages[0];
                if (MediaPaths.IsUrl(source.Src) ||
                    media.RootPath(source.Src) is not { } output ||
                    !lesson.Transcripts.TryGetValue(language, out var transcript))
                {
                    continue;
                }

                videos.Add(new DraftVideo(source.Src, output, language, source.DurationSeconds, Text(course.Title, language), Text(lesson.Title, language), transcript.WebVtt));
            }
        }

        return videos;
    }

    /// <summary>True when a file for the video is already there (under the media root or in the package) and lasts as declared.</summary>
    public static bool IsMade(DraftVideo video, MediaFiles media, string? packageDir = null) =>
        media.Find(video.MediaPath, packageDir) is { } file && MediaDuration.Read(file) is { } seconds && Math.Abs(seconds - video.DurationSeconds) <= Tolerance;

    private static string Text(Dictionary<string, string> texts, string language) =>
        texts.TryGetValue(language, out var text) ? text : texts.Values.First();
}
