using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning.Quizzes;

/// <summary>A learner's grade: each quiz's score, the course grade, and the certificate rule checked rule by rule.</summary>
public sealed class Grades(CourseCatalog catalog, LearnerRecords records, QuizSessions sessions, TimeProvider time)
{
    public async Task<GradeResponse?> GradeAsync(Guid userId, string slug, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition
            || await records.CurrentAsync(userId, edition.CourseId, cancellationToken) is not { } enrollment)
        {
            return null;
        }

        await records.LoadGradesAsync(enrollment, cancellationToken);

        // A grade must not count on an attempt whose time is over but that nobody has touched since.
        // Closing one regrades its quiz, which needs every attempt at that quiz.
        var actor = new Actor(userId, time.GetUtcNow());
        var overdue = await records.QuizzesOverdueAsync(enrollment, actor.Now, cancellationToken);
        if (overdue.Count > 0)
        {
            await records.LoadAttemptsAsync(enrollment, overdue, cancellationToken);
            foreach (var quiz in edition.Package.Quizzes.Where(quiz => overdue.Contains(quiz.Key)))
            {
                enrollment.CloseOverdueAttempts(await sessions.ContextAsync(edition, quiz, enrollment, cancellationToken), actor);
            }

            await sessions.Progress.SaveAsync(enrollment, edition, cancellationToken);
        }

        return Of(edition, enrollment, await records.AccommodationsAsync(userId, edition.CourseId, cancellationToken));
    }

    private static GradeResponse Of(CourseEdition edition, Enrollment enrollment, IReadOnlyList<QuizAccommodation> accommodations)
    {
        var package = edition.Package;
        var quizzes = package.Modules.SelectMany(module => module.Items.OfType<QuizSpec>().Select(quiz => (module, quiz))).Select(pair =>
        {
            var (module, quiz) = pair;
            var grade = enrollment.QuizGradeFor(quiz.Key);
            return new QuizScoreResponse(
                quiz.Key,
                CatalogMapping.Local(quiz.Title),
                module.Key,
                package.Grading.Weights.FirstOrDefault(weight => weight.Quiz == quiz.Key)?.Weight ?? 0m,
                quiz.Policy.GradingMethod,
                grade?.Grade ?? 0m,
                grade?.Best ?? 0m,
                grade?.GradedAttempts ?? 0,
                QuizAccommodation.For(quiz.Key, accommodations).AttemptsAllowed(quiz.Policy),
                quiz.Policy.PassMark,
                grade?.Passed ?? false);
        }).ToList();

        var eligibility = Eligibility.Evaluate(package, enrollment);
        var lessons = package.Items.OfType<VideoLessonSpec>().ToList();
        return new GradeResponse(
            package.Slug,
            enrollment.Grade,
            package.Grading.PassMark,
            enrollment.Grade >= package.Grading.PassMark,
            lessons.Count(lesson => enrollment.LessonFor(lesson.Key)?.State == LessonState.Completed),
            lessons.Count,
            quizzes,
            new EligibilityResponse(eligibility.Eligible, [.. eligibility.Rules.Select(check => Explain(check, package, quizzes))]));
    }

    /// <summary>A rule check in words: "Course grade: 58% &lt; 60%", "2 lessons not completed", "Week 3 quiz: 55% &lt; 70%".</summary>
    private static RuleCheckResponse Explain(RuleCheck check, CoursePackage package, IReadOnlyList<QuizScoreResponse> quizzes)
    {
        var sign = check.Met ? "≥" : "<";
        var message = check.Rule switch
        {
            "min_grade" => Pick($"Course grade: {Percent(check.Actual)} {sign} {Percent(check.Required)}", $"Note du cours : {Percent(check.Actual)} {sign} {Percent(check.Required)}"),
            "min_lessons_completed" when check.Met => Pick(
                $"Video lessons completed: {Percent(check.Actual)} ≥ {Percent(check.Required)}",
                $"Leçons vidéo terminées : {Percent(check.Actual)} ≥ {Percent(check.Required)}"),
            "min_lessons_completed" => check.Shortfall == 1
                ? Pick($"1 more lesson to complete ({check.Missing.Count} not completed; {Percent(check.Actual)} < {Percent(check.Required)})", $"Encore 1 leçon à terminer ({check.Missing.Count} non terminées ; {Percent(check.Actual)} < {Percent(check.Required)})")
                : Pick($"{check.Shortfall} more lessons to complete ({check.Missing.Count} not completed; {Percent(check.Actual)} < {Percent(check.Required)})", $"Encore {check.Shortfall} leçons à terminer ({check.Missing.Count} non terminées ; {Percent(check.Actual)} < {Percent(check.Required)})"),
            _ => $"{QuizLabel(check.Subject!, package, quizzes)}: {Percent(check.Actual)} {sign} {Percent(check.Required)}",
        };
        return new RuleCheckResponse(check.Rule, check.Subject, check.Met, check.Actual, check.Required, message, check.Missing);
    }

    /// <summary>"Week 3 quiz" when the quiz is its week's only one, else its title.</summary>
    private static string QuizLabel(string quizKey, CoursePackage package, IReadOnlyList<QuizScoreResponse> quizzes)
    {
        var index = package.Modules.FindIndex(module => module.Items.Any(item => item.Key == quizKey));
        var module = package.Modules[index];
        var week = module.UnlockWeek ?? index + 1;
        return module.Items.OfType<QuizSpec>().Count() == 1
            ? Pick($"Week {week} quiz", $"Quiz de la semaine {week}")
            : quizzes.First(quiz => quiz.Key == quizKey).Title;
    }

    private static string Percent(decimal share) => $"{Math.Round(share * 100, 1, MidpointRounding.AwayFromZero):0.#}%";
}
