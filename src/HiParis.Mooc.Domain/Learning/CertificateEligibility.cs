using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Domain.Learning;

/// <summary>One rule of the certificate rule, checked: what it needs, what the learner has, what is missing.</summary>
/// <param name="Rule"><c>min_grade</c>, <c>min_lessons_completed</c> or <c>quiz_passed</c>.</param>
/// <param name="Subject">The quiz a <c>quiz_passed</c> check is about; null otherwise.</param>
/// <param name="Met">Whether the learner meets it.</param>
/// <param name="Actual">The learner's grade or share, 0 to 1.</param>
/// <param name="Required">What the rule asks, 0 to 1.</param>
/// <param name="Shortfall">How many more items the learner must complete (lesson rule).</param>
/// <param name="Missing">The keys of what is not done yet (lessons not completed), when the rule is about items.</param>
public sealed record RuleCheck(string Rule, string? Subject, bool Met, decimal Actual, decimal Required, int Shortfall, IReadOnlyList<string> Missing);

/// <summary>Whether an enrolment meets its course's certificate rule, rule by rule.</summary>
public sealed record Eligibility(bool Eligible, IReadOnlyList<RuleCheck> Rules)
{
    public static Eligibility Evaluate(CoursePackage course, Enrollment enrollment)
    {
        var rule = course.Certificate;
        List<RuleCheck> checks = [new("min_grade", null, enrollment.Grade >= rule.MinGrade, enrollment.Grade, rule.MinGrade, 0, [])];

        if (rule.MinLessonsCompleted is { } share and > 0)
        {
            List<string> lessons = [.. course.Items.OfType<VideoLessonSpec>().Select(lesson => lesson.Key)];
            List<string> missing = [.. lessons.Where(key => enrollment.LessonFor(key)?.State != LessonState.Completed)];
            var completed = lessons.Count - missing.Count;
            var needed = (int)Math.Ceiling(share * lessons.Count);
            var actual = lessons.Count == 0 ? 1m : Math.Round((decimal)completed / lessons.Count, 4);
            checks.Add(new RuleCheck("min_lessons_completed", null, completed >= needed, actual, share, Math.Max(0, needed - completed), missing));
        }

        if (rule.AllQuizzesPassed == true)
        {
            foreach (var weight in course.Grading.Weights)
            {
                var quiz = course.Quizzes.First(candidate => candidate.Key == weight.Quiz);
                var grade = enrollment.QuizGradeFor(quiz.Key);
                checks.Add(new RuleCheck("quiz_passed", quiz.Key, grade?.Passed == true, grade?.Grade ?? 0m, quiz.Policy.PassMark, 0, []));
            }
        }

        return new Eligibility(checks.All(check => check.Met), checks);
    }
}
