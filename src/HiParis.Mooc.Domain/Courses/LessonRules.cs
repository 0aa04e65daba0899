namespace HiParis.Mooc.Domain.Courses;

/// <summary>
/// The rules of what a learner watches: a course's presentation (description, image, trailer) and each
/// video lesson's sources, one for every language or one per language, each with its own duration.
/// </summary>
public static class LessonRules
{
    /// <summary>4320p: no video is taller.</summary>
    public const int MaxHeight = 4320;

    public static void CheckPresentation(CoursePackage course, PackageProblems problems)
    {
        if (course.Description is { } description)
        {
            foreach (var missing in course.Languages.Where(language => !description.TryGetValue(language, out var text) || string.IsNullOrWhiteSpace(text)))
            {
                problems.Add(course.Source, $"'description' has no '{missing}' text");
            }
        }

        if (MediaPaths.Problem(course.Image, course.Slug, "image") is { } image)
        {
            problems.Add(course.Source, image);
        }

        if (course.Trailer is { } trailer && course.Items.FirstOrDefault(item => item.Key == trailer) is not VideoLessonSpec)
        {
            problems.Add(course.Source, $"trailer '{trailer}' must be the key of one of the course's video lessons");
        }
    }

    public static void CheckVideo(CoursePackage course, VideoLessonSpec video, PackageProblems problems)
    {
        var name = $"video '{video.Key}'";
        var sources = video.Sources ?? [];
        if (sources.Count == 0 || sources.Any(source => source is null))
        {
            problems.Add(video.Source, $"{name}: a lesson needs a video source");
            return;
        }

        foreach (var source in sources)
        {
            if (source.DurationSeconds <= 0)
            {
                problems.Add(video.Source, $"{name}: duration must be greater than 0, not {source.DurationSeconds}");
            }

            if (MediaPaths.Problem(source.Src ?? "", course.Slug, "video src") is { } src)
            {
                problems.Add(video.Source, $"{name}: {src}");
            }
        }

        if (video.PerLanguage)
        {
            var languages = sources.Select(source => source.Language ?? "").ToList();
            if (!languages.SequenceEqual(course.Languages))
            {
                problems.Add(video.Source, $"{name}: a video per language needs one for each course language, in their order ({string.Join(", ", course.Languages)}), not ({string.Join(", ", languages)})");
            }
        }
        else if (sources.Count > 1)
        {
            problems.Add(video.Source, $"{name}: one video for every language, or one per language");
        }

        if (MediaPaths.Problem(video.Poster, course.Slug, "poster") is { } poster)
        {
            problems.Add(video.Source, $"{name}: {poster}");
        }

        if (video.Height is <= 0 or > MaxHeight)
        {
            problems.Add(video.Source, $"{name}: height must be from 1 to {MaxHeight} pixels, not {video.Height}");
        }
    }
}
