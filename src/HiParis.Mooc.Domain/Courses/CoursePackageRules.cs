using System.Text.RegularExpressions;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>
/// The rules a course must satisfy beyond its shape: unique keys, answers among the options, runs in
/// order, weights that name real quizzes. One piece of code for the package validator and the studio.
/// </summary>
public static partial class CoursePackageRules
{
    /// <summary>A week: no quiz delay or time limit needs more.</summary>
    public const int MaxMinutes = 7 * 24 * 60;

    public const decimal MaxPoints = 1000;

    public static void Check(CoursePackage course, PackageProblems problems)
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

                CheckItem(item, problems);
            }
        }

        CheckGrading(course, problems);
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

    private static void CheckItem(ItemSpec item, PackageProblems problems)
    {
        switch (item)
        {
            case VideoLessonSpec video when video.DurationSeconds <= 0:
                problems.Add(video.Source, $"video '{video.Key}': duration must be greater than 0, not {video.DurationSeconds}");
                break;
            case ReadingSpec reading when reading.Minutes <= 0:
                problems.Add(reading.Source, $"reading '{reading.Key}': minutes must be greater than 0, not {reading.Minutes}");
                break;
            case QuizSpec quiz:
                CheckQuiz(quiz, problems);
                break;
        }
    }

    private static void CheckQuiz(QuizSpec quiz, PackageProblems problems)
    {
        var policy = quiz.Policy;
        if (policy.MaxAttempts < 1)
        {
            problems.Add(quiz.Source, $"quiz '{quiz.Key}': max_attempts must be 1 or more");
        }

        if (policy.PassMark is <= 0 or > 1)
        {
            problems.Add(quiz.Source, $"quiz '{quiz.Key}': pass_mark must be in (0, 1]");
        }

        if (policy.DelayMinutes is < 0 or > MaxMinutes || policy.TimeLimitMinutes is <= 0 or > MaxMinutes)
        {
            problems.Add(quiz.Source, $"quiz '{quiz.Key}': delay_minutes must be from 0 to {MaxMinutes} and time_limit_minutes from 1 to {MaxMinutes}");
        }

        if (quiz.Questions.Count == 0)
        {
            problems.AddIncomplete(quiz.Source, $"quiz '{quiz.Key}' has no questions");
        }

        HashSet<string> keys = [];
        foreach (var question in quiz.Questions)
        {
            if (!keys.Add(question.Key))
            {
                problems.Add(question.Source, $"duplicate question key '{question.Key}' in quiz '{quiz.Key}'");
            }

            CheckQuestion(question, problems);
        }
    }

    private static void CheckQuestion(QuestionSpec question, PackageProblems problems)
    {
        var name = $"question '{question.Key}'";

        // A package read from YAML always has these; content sent as JSON may carry nulls.
        if (question.Answer is null || question.Prompt is null || question.Explanation is null)
        {
            problems.Add(question.Source, $"{name}: prompt, answer and explanation are required");
            return;
        }
        if (question.Points is <= 0 or > MaxPoints)
        {
            problems.Add(question.Source, $"{name}: points must be greater than 0 and at most {MaxPoints}");
        }

        var isChoice = question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice;
        var options = question.Options ?? [];
        if (isChoice && options.Count < 2)
        {
            problems.Add(question.Source, $"{name}: a choice question needs at least two options");
        }

        if (!isChoice && question.Options is not null)
        {
            problems.Add(question.Source, $"{name}: only choice questions have options");
        }

        foreach (var option in options.GroupBy(option => option.Key).Where(group => group.Count() > 1))
        {
            problems.Add(option.Last().Source, $"{name}: duplicate option key '{option.Key}'");
        }

        if (question.Scoring is not null && question.Type != QuestionType.MultipleChoice)
        {
            problems.Add(question.Source, $"{name}: scoring applies to multiple_choice questions only");
        }

        var answer = question.Answer;
        switch (question.Type)
        {
            case QuestionType.SingleChoice or QuestionType.MultipleChoice:
                var chosen = answer.OptionKeys ?? [];
                if (chosen.Count == 0)
                {
                    problems.Add(answer.Source, $"{name}: the answer names no option");
                }

                if (question.Type == QuestionType.SingleChoice && chosen.Count > 1)
                {
                    problems.Add(answer.Source, $"{name}: a single_choice question has exactly one right option");
                }

                foreach (var key in chosen.Where(key => options.All(option => option.Key != key)))
                {
                    problems.Add(answer.Source, $"{name}: answer '{key}' is not among the options ({string.Join(", ", options.Select(option => option.Key))})");
                }

                break;
            case QuestionType.Numeric:
                if (answer.Number is null)
                {
                    problems.Add(answer.Source ?? question.Source, $"{name}: a numeric question needs a number as its answer");
                }

                if (question.Tolerance is null)
                {
                    problems.Add(question.Source, $"{name}: a numeric question needs a tolerance (0 for an exact answer)");
                }
                else if (question.Tolerance < 0)
                {
                    problems.Add(question.Source, $"{name}: tolerance must be 0 or more");
                }

                break;
            case QuestionType.ShortText:
                if (answer.Accepted is null || answer.Accepted.Count == 0 || answer.Accepted.Values.Any(accepted => accepted.Count == 0))
                {
                    problems.Add(answer.Source ?? question.Source, $"{name}: a short_text question needs accepted answers for every language");
                }

                break;
        }

        if (question.Type != QuestionType.Numeric && question.Tolerance is not null)
        {
            problems.Add(question.Source, $"{name}: only numeric questions have a tolerance");
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
