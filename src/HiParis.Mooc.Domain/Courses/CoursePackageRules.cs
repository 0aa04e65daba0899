using System.Text.RegularExpressions;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>
/// The rules a course must satisfy beyond its shape: unique keys, answers among the options, runs in
/// order, weights that name real quizzes, captions that read. One piece of code for the package validator
/// and the studio; lessons and quizzes have their own rule files (<see cref="LessonRules"/>,
/// <see cref="QuizRules"/>, <see cref="CaptionRules"/>).
/// </summary>
public static partial class CoursePackageRules
{
    /// <summary>A week: no quiz delay or time limit needs more.</summary>
    public const int MaxMinutes = 7 * 24 * 60;

    public const decimal MaxPoints = 1000;

    /// <param name="course">The course to check.</param>
    /// <param name="problems">Where problems are added.</param>
    /// <param name="captionNorms">False for the caption re-cutter, which reads transcripts that break the norms in order to fix them.</param>
    public static void Check(CoursePackage course, PackageProblems problems, bool captionNorms = true)
    {
        if (course.Languages.Count == 0)
        {
            problems.Add(course.Source, "'languages' must name at least one language");
        }

        if (course.Effort.Weeks <= 0 || course.Effort.HoursPerWeek <= 0)
        {
            problems.Add(course.Source, "'effort' must have weeks and hours_per_week greater than 0");
        }

        if (course.VideoCompletionThreshold is { } threshold && (threshold <= 0 || threshold > 1))
        {
            problems.Add(course.Source, $"'video_completion_threshold' must be in (0, 1], not {threshold}");
        }

        CheckKeys(course, problems);
        CheckRuns(course, problems);
        LessonRules.CheckPresentation(course, problems);
        foreach (var module in course.Modules)
        {
            if (module.UnlockWeek is < 1)
            {
                problems.Add(module.Source, $"'unlock.week' must be 1 or more, not {module.UnlockWeek}");
            }

            // Names become paths on export: nothing that could leave the package's folder.
            if (!FileStemPattern().IsMatch(module.Folder))
            {
                problems.Add(module.Source, $"module folder '{module.Folder}' must match {FileStemPattern()}");
            }

            foreach (var item in module.Items)
            {
                if (!FileStemPattern().IsMatch(item.FileStem))
                {
                    problems.Add(item.Source, $"item file '{item.FileStem}' must match {FileStemPattern()}");
                }

                foreach (var transcript in (item as VideoLessonSpec)?.Transcripts.Values ?? Enumerable.Empty<TranscriptSpec>())
                {
                    if (!TranscriptFilePattern().IsMatch(transcript.File))
                    {
                        problems.Add(item.Source, $"transcript file '{transcript.File}' must match {TranscriptFilePattern()}");
                    }
                }

                CheckItem(course, item, problems);
            }
        }

        CheckGrading(course, problems);
        CaptionRules.Check(course, problems, captionNorms);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[0-9]{2}-[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex FileStemPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}(\\.[a-z]{2,3})?\\.vtt$")]
    private static partial Regex TranscriptFilePattern();

    private static void CheckKeys(CoursePackage course, PackageProblems problems)
    {
        if (!KeyPattern().IsMatch(course.Slug))
        {
            problems.Add(course.Source, $"slug '{course.Slug}' must be lowercase letters, digits and '-'");
        }

        Dictionary<string, SourceRef?> seen = [];
        IEnumerable<(string Key, SourceRef? Source)> keys = course.Modules.Select(module => (module.Key, module.Source))
            .Concat(course.Items.Select(item => (item.Key, item.Source)));
        foreach (var (key, source) in keys)
        {
            if (!KeyPattern().IsMatch(key))
            {
                problems.Add(source, $"key '{key}' must match {KeyPattern()}");
            }

            if (!seen.TryAdd(key, source))
            {
                problems.Add(source, $"duplicate key '{key}' (first used at {seen[key]})");
            }
        }

        foreach (var run in course.Runs.GroupBy(run => run.Key).Where(group => group.Count() > 1))
        {
            problems.Add(run.Last().Source, $"duplicate run key '{run.Key}'");
        }
    }

    private static void CheckRuns(CoursePackage course, PackageProblems problems)
    {
        if (course.Runs.Count == 0)
        {
            problems.AddIncomplete(course.Source, "'runs' must list at least one run");
        }

        var moduleKeys = course.Modules.Select(module => module.Key).ToHashSet();
        foreach (var run in course.Runs)
        {
            if (run.EnrollmentCloses is { } closes && closes <= run.EnrollmentOpens)
            {
                problems.Add(run.Source, $"run '{run.Key}': enrollment_closes must be after enrollment_opens");
            }

            if (run.Starts < run.EnrollmentOpens)
            {
                problems.Add(run.Source, $"run '{run.Key}': starts must not be before enrollment_opens");
            }

            if (run.Ends is { } ends && ends <= run.Starts)
            {
                problems.Add(run.Source, $"run '{run.Key}': ends must be after starts");
            }

            if (run.Pacing == Pacing.Self)
            {
                if (run.ModuleOpens is { Count: > 0 })
                {
                    problems.Add(run.Source, $"run '{run.Key}': a self-paced run has no module_opens (modules open by week after enrolment)");
                }

                continue;
            }

            var opens = run.ModuleOpens ?? [];
            foreach (var missing in moduleKeys.Where(key => !opens.ContainsKey(key)))
            {
                problems.AddIncomplete(run.Source, $"run '{run.Key}': module_opens has no date for module '{missing}'");
            }

            foreach (var (moduleKey, at) in opens)
            {
                if (!moduleKeys.Contains(moduleKey))
                {
                    problems.Add(run.Source, $"run '{run.Key}': module_opens names unknown module '{moduleKey}'");
                }
                else if (at < run.Starts || (run.Ends is { } end && at > end))
                {
                    problems.Add(run.Source, $"run '{run.Key}': module '{moduleKey}' opens outside the run's dates");
                }
            }
        }
    }

    private static void CheckItem(CoursePackage course, ItemSpec item, PackageProblems problems)
    {
        switch (item)
        {
            case VideoLessonSpec video:
                LessonRules.CheckVideo(course, video, problems);
                break;
            case ReadingSpec reading when reading.Minutes <= 0:
                problems.Add(reading.Source, $"reading '{reading.Key}': minutes must be greater than 0, not {reading.Minutes}");
                break;
            case QuizSpec quiz:
                if (quiz.Preview is not null)
                {
                    problems.Add(quiz.Source, $"quiz '{quiz.Key}': only lessons and readings can be previews");
                }

                QuizRules.Check(quiz, problems);
                break;
        }
    }

    private static void CheckGrading(CoursePackage course, PackageProblems problems)
    {
        if (course.Grading.PassMark is <= 0 or > 1)
        {
            problems.Add(course.Source, "grading 'pass_mark' must be in (0, 1]");
        }

        if (course.Certificate.MinGrade is <= 0 or > 1 || course.Certificate.MinLessonsCompleted is < 0 or > 1)
        {
            problems.Add(course.Source, "certificate 'min_grade' must be in (0, 1] and 'min_lessons_completed' in [0, 1]");
        }

        var quizKeys = course.Quizzes.Select(quiz => quiz.Key).ToHashSet();
        HashSet<string> weighted = [];
        foreach (var weight in course.Grading.Weights)
        {
            if (!quizKeys.Contains(weight.Quiz))
            {
                problems.AddIncomplete(weight.Source, $"grading weight refers to quiz '{weight.Quiz}', which the course does not have");
            }
            else if (course.Quizzes.First(quiz => quiz.Key == weight.Quiz).IsPractice)
            {
                problems.Add(weight.Source, $"quiz '{weight.Quiz}' is a practice set: it is not graded, so it has no weight");
            }

            if (!weighted.Add(weight.Quiz))
            {
                problems.Add(weight.Source, $"quiz '{weight.Quiz}' is weighted twice");
            }

            if (weight.Weight <= 0)
            {
                problems.Add(weight.Source, $"the weight of quiz '{weight.Quiz}' must be greater than 0");
            }
        }
    }
}
