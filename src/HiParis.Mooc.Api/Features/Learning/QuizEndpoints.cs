using System.Security.Claims;
using System.Security.Cryptography;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Features.Learning.QuizViews;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>A quiz of a published course as one learner's request sees it.</summary>
/// <remarks>A request about one attempt names its enrolment (a learner may have been in several runs); a request about a quiz takes the current one.</remarks>
internal sealed record QuizScope(CourseContext Context, ModuleSpec Module, QuizSpec Quiz, Guid UserId, IReadOnlyList<QuizAccommodation> Accommodations, Guid? EnrollmentId = null);

public static class QuizEndpoints
{
    private const int MaxRequestKeyLength = 100;

    public static IEndpointRouteBuilder MapQuizEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Quizzes and grades").RequireAuthorization();
        me.MapPost("/courses/{slug}/quizzes/{key}/attempts", StartAttempt).WithName("StartAttempt")
            .WithSummary("Start a new attempt (an open one is submitted as it is); send an Idempotency-Key to make a repeated click harmless.");
        me.MapGet("/courses/{slug}/quizzes/{key}/attempts", MyAttempts).WithName("MyAttempts")
            .WithSummary("My attempts at a quiz, with feedback as the show-answer policy allows, and whether I can start another.");
        me.MapGet("/attempts/{id:guid}", GetAttempt).WithName("GetAttempt").WithSummary("One of my attempts.");
        me.MapPut("/attempts/{id:guid}/answers", SaveAnswers).WithName("SaveAnswers")
            .WithSummary("Autosave answers of an open attempt; each given answer replaces the saved one, null clears it.");
        me.MapPost("/attempts/{id:guid}/submit", Submit).WithName("SubmitAttempt")
            .WithSummary("Submit an attempt; it is graded with the quiz, the module and the course grade in the same transaction. Submitting again changes nothing.");
        me.MapGet("/courses/{slug}/grade", Grade).WithName("MyGrade")
            .WithSummary("My score on each quiz, my course grade, and the certificate rule checked rule by rule.");
        return app;
    }

    private static async Task<Results<Created<AttemptView>, Ok<AttemptView>, ProblemHttpResult, ValidationProblem>> StartAttempt(
        string slug,
        string key,
        [FromHeader(Name = "Idempotency-Key")] string? requestKey,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        if (requestKey is { Length: 0 or > MaxRequestKeyLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"Between 1 and {MaxRequestKeyLength} characters."] });
        }

        if (await ScopeAsync(services, slug, key, principal, cancellationToken) is not { } scope)
        {
            return QuizNotFound(slug, key);
        }

        var outcome = await InQuizAsync(services, scope, principal, async (enrollment, quiz, actor, ct) =>
        {
            var before = enrollment.AttemptsAt(scope.Quiz.Key).Count;
            var attempt = enrollment.StartQuizAttempt(quiz, scope.Context.VersionId, RandomNumberGenerator.GetInt32(int.MaxValue), requestKey, actor);
            var created = enrollment.AttemptsAt(scope.Quiz.Key).Count > before;
            await services.SaveProgressAsync(enrollment, scope.Context, ct);
            return new { View = View(scope, enrollment, quiz, attempt), Created = created };
        }, cancellationToken);

        return outcome switch
        {
            null => NotEnrolled(slug),
            { Created: true } => TypedResults.Created(LearningApiPaths.Attempt(outcome.View.Id), outcome.View),
            _ => TypedResults.Ok(outcome.View),
        };
    }

    private static async Task<Results<Ok<QuizAttemptsResponse>, ProblemHttpResult>> MyAttempts(
        string slug,
        string key,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        if (await ScopeAsync(services, slug, key, principal, cancellationToken) is not { } scope)
        {
            return QuizNotFound(slug, key);
        }

        var response = await InQuizAsync(services, scope, principal, (enrollment, quiz, _, _) => Task.FromResult(Summary(scope, enrollment, quiz, services.Now)), cancellationToken);
        return response is null ? NotEnrolled(slug) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<AttemptView>, ProblemHttpResult>> GetAttempt(
        Guid id,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        if (await AttemptScopeAsync(services, id, principal, cancellationToken) is not { } scope)
        {
            return AttemptNotFound(id);
        }

        var view = await InQuizAsync(services, scope, principal, (enrollment, quiz, _, _) => Task.FromResult(View(scope, enrollment, quiz, enrollment.Attempts.First(attempt => attempt.Id == id))), cancellationToken);
        return view is null ? AttemptNotFound(id) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<AttemptView>, ProblemHttpResult, ValidationProblem>> SaveAnswers(
        Guid id,
        SaveAnswersRequest request,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        if (await AttemptScopeAsync(services, id, principal, cancellationToken) is not { } scope)
        {
            return AttemptNotFound(id);
        }

        var outcome = await InQuizAsync(services, scope, principal, async (enrollment, quiz, actor, ct) =>
        {
            var attempt = enrollment.Attempts.First(candidate => candidate.Id == id);
            if (attempt.State == QuizAttemptState.AutoSubmitted && attempt.SubmittedAt == attempt.Deadline)
            {
                return new { View = (AttemptView?)View(scope, enrollment, quiz, attempt), Errors = new Dictionary<string, string[]>(), Saved = false };
            }

            var (answers, errors) = ReadAnswers(request, quiz.SpecFor(attempt));
            if (errors.Count > 0)
            {
                return new { View = (AttemptView?)null, Errors = errors, Saved = false };
            }

            enrollment.SaveQuizAnswers(attempt, answers, quiz, actor);
            await services.SaveProgressAsync(enrollment, scope.Context, ct);
            return new { View = (AttemptView?)View(scope, enrollment, quiz, attempt), Errors = errors, Saved = true };
        }, cancellationToken);

        if (outcome is null)
        {
            return AttemptNotFound(id);
        }

        if (outcome.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(outcome.Errors);
        }

        return outcome.Saved
            ? TypedResults.Ok(outcome.View!)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("The time for this attempt is over.", "Le temps de cette tentative est écoulé."),
                detail: Pick(
                    $"The deadline was {outcome.View!.Deadline:u}; the attempt was submitted with the answers saved before it.",
                    $"L'échéance était le {outcome.View!.Deadline:u} ; la tentative a été soumise avec les réponses enregistrées avant."),
                type: "https://hiparis-mooc.dev/problems/quiz.attempt-expired",
                extensions: new Dictionary<string, object?> { ["code"] = "quiz.attempt-expired", ["attempt"] = outcome.View });
    }

    private static async Task<Results<Ok<AttemptView>, ProblemHttpResult>> Submit(
        Guid id,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        if (await AttemptScopeAsync(services, id, principal, cancellationToken) is not { } scope)
        {
            return AttemptNotFound(id);
        }

        var view = await InQuizAsync(services, scope, principal, async (enrollment, quiz, actor, ct) =>
        {
            var attempt = enrollment.Attempts.First(candidate => candidate.Id == id);
            if (attempt.IsOpen)
            {
                enrollment.SubmitQuizAttempt(attempt, quiz, actor);
                await services.SaveProgressAsync(enrollment, scope.Context, ct);
            }

            return View(scope, enrollment, quiz, attempt);
        }, cancellationToken);
        return view is null ? AttemptNotFound(id) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<GradeResponse>, ProblemHttpResult>> Grade(
        string slug,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        var context = await CourseContext.LoadAsync(services.Catalog, slug, cancellationToken);
        if (context is null)
        {
            return NotEnrolled(slug);
        }

        var userId = services.UserId(principal);
        var accommodations = await AccommodationsAsync(services, userId, context.CourseId, cancellationToken);
        var response = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            var enrollment = await services.Db.Enrollments
                .Include(enrollment => enrollment.Modules)
                .Include(enrollment => enrollment.Lessons)
                .Include(enrollment => enrollment.QuizGrades)
                .AsSplitQuery()
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == context.CourseId && enrollment.State != EnrollmentState.Withdrawn)
                .OrderByDescending(enrollment => enrollment.EnrolledAt)
                .FirstOrDefaultAsync(ct);
            if (enrollment is null)
            {
                return null;
            }

            // A grade must not count on an attempt whose time is over but that nobody has touched since.
            // Closing one regrades its quiz, which needs every attempt at that quiz.
            var now = services.Now;
            var overdue = await services.Db.QuizAttempts.AsNoTracking()
                .Where(attempt => attempt.EnrollmentId == enrollment.Id && attempt.State == QuizAttemptState.InProgress && attempt.Deadline < now)
                .Select(attempt => attempt.QuizKey).Distinct().ToListAsync(ct);
            if (overdue.Count > 0)
            {
                await services.Db.Entry(enrollment).Collection(entry => entry.Attempts).Query().Where(attempt => overdue.Contains(attempt.QuizKey)).LoadAsync(ct);
            }

            var closed = false;
            foreach (var quizKey in overdue)
            {
                if (context.FindItem(quizKey) is ({ } module, QuizSpec quiz))
                {
                    var scope = new QuizScope(context, module, quiz, userId, accommodations);
                    closed |= enrollment.CloseOverdueAttempts(await QuizContextAsync(services, scope, enrollment, ct), services.ActorFor(principal));
                }
            }

            if (closed)
            {
                await services.SaveProgressAsync(enrollment, context, ct);
            }

            return GradeOf(context, enrollment, accommodations);
        }, cancellationToken);
        return response is null ? NotEnrolled(slug) : TypedResults.Ok(response);
    }

    private static GradeResponse GradeOf(CourseContext context, Enrollment enrollment, IReadOnlyList<QuizAccommodation> accommodations)
    {
        var package = context.Package;
        var quizzes = package.Modules.SelectMany(module => module.Items.OfType<QuizSpec>().Select(quiz => (module, quiz))).Select(pair =>
        {
            var (module, quiz) = pair;
            var grade = enrollment.QuizGradeFor(quiz.Key);
            return new QuizScoreResponse(
                quiz.Key,
                CatalogMapping.Local(quiz.Title),
                module.Key,
                package.Grading.Weights.FirstOrDefault(weight => weight.Quiz == quiz.Key)?.Weight ?? 0m,
                Snake(quiz.Policy.GradingMethod.ToString()),
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
            new EligibilityResponse(eligibility.Eligible, [.. eligibility.Rules.Select(check => Explain(check, context, quizzes))]));
    }

    /// <summary>A rule check in words: "Course grade: 58% &lt; 60%", "2 lessons not completed", "Week 3 quiz: 55% &lt; 70%".</summary>
    private static RuleCheckResponse Explain(RuleCheck check, CourseContext context, IReadOnlyList<QuizScoreResponse> quizzes)
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
            _ => $"{QuizLabel(check.Subject!, context, quizzes)}: {Percent(check.Actual)} {sign} {Percent(check.Required)}",
        };
        return new RuleCheckResponse(check.Rule, check.Subject, check.Met, check.Actual, check.Required, message, check.Missing);
    }

    /// <summary>"Week 3 quiz" when the quiz is its week's only one, else its title.</summary>
    private static string QuizLabel(string quizKey, CourseContext context, IReadOnlyList<QuizScoreResponse> quizzes)
    {
        var index = context.Package.Modules.FindIndex(module => module.Items.Any(item => item.Key == quizKey));
        var module = context.Package.Modules[index];
        var week = module.UnlockWeek ?? index + 1;
        return module.Items.OfType<QuizSpec>().Count() == 1
            ? Pick($"Week {week} quiz", $"Quiz de la semaine {week}")
            : quizzes.First(quiz => quiz.Key == quizKey).Title;
    }

    private static string Percent(decimal share) => $"{Math.Round(share * 100, 1, MidpointRounding.AwayFromZero):0.#}%";

    private static QuizAttemptsResponse Summary(QuizScope scope, Enrollment enrollment, QuizContext quiz, DateTimeOffset now)
    {
        var attempts = enrollment.AttemptsAt(quiz.Spec.Key);
        var policy = quiz.Spec.Policy;
        var allowed = quiz.Allowance.AttemptsAllowed(policy);
        var delay = TimeSpan.FromMinutes(policy.DelayMinutes ?? 0);
        var open = attempts.Any(attempt => attempt.IsOpen);
        DateTimeOffset? next = attempts.LastOrDefault(attempt => attempt.SubmittedAt is not null) is { SubmittedAt: { } last } && last + delay > now ? last + delay : null;
        var grade = enrollment.QuizGradeFor(quiz.Spec.Key);
        return new QuizAttemptsResponse(
            quiz.Spec.Key,
            CatalogMapping.Local(quiz.Spec.Title),
            allowed,
            attempts.Count,
            attempts.Count < allowed && next is null && !(open && delay > TimeSpan.Zero),
            attempts.Count < allowed ? next : null,
            policy.TimeLimitMinutes,
            Snake(policy.GradingMethod.ToString()),
            Snake(policy.ShowAnswers.ToString()),
            policy.PassMark,
            grade?.Grade ?? 0m,
            grade?.Best ?? 0m,
            grade?.Passed ?? false,
            [.. attempts.Select(attempt => View(scope, enrollment, quiz, attempt))]);
    }

    private static AttemptView View(QuizScope scope, Enrollment enrollment, QuizContext quiz, QuizAttempt attempt)
    {
        var attempts = enrollment.AttemptsAt(quiz.Spec.Key);
        return Attempt(
            attempt,
            quiz.SpecFor(attempt),
            quiz.Spec.Policy,
            scope.Context.Package.Slug,
            enrollment.QuizGradeFor(quiz.Spec.Key),
            attempts.Count,
            quiz.Allowance.AttemptsAllowed(quiz.Spec.Policy),
            attempts.Any(candidate => candidate.IsOpen));
    }

    /// <summary>The answers of a request, checked against the attempt's questions; errors are keyed <c>answers.&lt;question&gt;</c>.</summary>
    private static (Dictionary<string, QuizAnswer> Answers, Dictionary<string, string[]> Errors) ReadAnswers(SaveAnswersRequest request, QuizSpec quiz)
    {
        Dictionary<string, QuizAnswer> answers = [];
        Dictionary<string, string[]> errors = [];
        if (request.Answers is null)
        {
            errors["answers"] = [Pick("An object of answers by question key is required.", "Un objet de réponses par clé de question est requis.")];
            return (answers, errors);
        }

        foreach (var (key, body) in request.Answers)
        {
            var question = quiz.Questions.FirstOrDefault(candidate => candidate.Key == key);
            if (question is null)
            {
                errors[$"answers.{Truncate(key)}"] = [Pick($"This quiz has no question '{Truncate(key)}'.", $"Ce quiz n'a pas de question « {Truncate(key)} ».")];
                continue;
            }

            var answer = body is null ? new QuizAnswer() : new QuizAnswer(body.Options, body.Boolean, body.Number, body.Text);
            if (QuestionGrading.Problem(question, answer) is { } problem)
            {
                errors[$"answers.{key}"] = [problem];
                continue;
            }

            answers[key] = answer;
        }

        return (answers, errors);
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static Task<QuizScope?> ScopeAsync(LearningServices services, string slug, string key, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        ScopeAsync(services, slug, key, services.UserId(principal), cancellationToken);

    /// <summary>A quiz of a published course, for one learner; null when the course has no such quiz.</summary>
    internal static async Task<QuizScope?> ScopeAsync(LearningServices services, string slug, string key, Guid userId, CancellationToken cancellationToken)
    {
        var context = await CourseContext.LoadAsync(services.Catalog, slug, cancellationToken);
        if (context?.FindItem(key) is not ({ } module, QuizSpec quiz))
        {
            return null;
        }

        return new QuizScope(context, module, quiz, userId, await AccommodationsAsync(services, userId, context.CourseId, cancellationToken));
    }

    /// <summary>The scope of one of the learner's attempts; null when it is not theirs, or its quiz left the course.</summary>
    private static async Task<QuizScope?> AttemptScopeAsync(LearningServices services, Guid attemptId, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userId = services.UserId(principal);
        var row = await services.Db.QuizAttempts.AsNoTracking()
            .Where(attempt => attempt.Id == attemptId)
            .Join(services.Db.Enrollments.Where(enrollment => enrollment.UserId == userId), attempt => attempt.EnrollmentId, enrollment => enrollment.Id, (attempt, enrollment) => new { attempt.QuizKey, enrollment.CourseId, EnrollmentId = enrollment.Id })
            .Join(services.Db.Courses, row => row.CourseId, course => course.Id, (row, course) => new { row.QuizKey, row.EnrollmentId, course.Slug })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : await ScopeAsync(services, row.Slug, row.QuizKey, principal, cancellationToken) is { } scope ? scope with { EnrollmentId = row.EnrollmentId } : null;
    }

    private static async Task<IReadOnlyList<QuizAccommodation>> AccommodationsAsync(LearningServices services, Guid userId, Guid courseId, CancellationToken cancellationToken) =>
        await services.Db.QuizAccommodations.AsNoTracking().Where(accommodation => accommodation.UserId == userId && accommodation.CourseId == courseId).ToListAsync(cancellationToken);

    /// <summary>
    /// The learner's current enrolment (or the attempt's) with what a quiz request changes: progress, this
    /// quiz's attempts, every quiz grade; in three round trips (the enrolment with its modules and lessons
    /// joined, then the grades, then the attempts).
    /// </summary>
    internal static async Task<Enrollment?> EnrollmentAsync(LearningServices services, QuizScope scope, CancellationToken cancellationToken)
    {
        if (await EnrollmentWithProgress(services.Db, scope.UserId, scope.Context.CourseId, scope.EnrollmentId, cancellationToken) is not { } enrollment)
        {
            return null;
        }

        var entry = services.Db.Entry(enrollment);
        await entry.Collection(candidate => candidate.QuizGrades).LoadAsync(cancellationToken);
        await entry.Collection(candidate => candidate.Attempts).Query().Where(attempt => attempt.QuizKey == scope.Quiz.Key).LoadAsync(cancellationToken);
        return enrollment;
    }

    private static readonly Func<MoocDbContext, Guid, Guid, Guid?, CancellationToken, Task<Enrollment?>> EnrollmentWithProgress =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId, Guid? enrollmentId, CancellationToken _) =>
            db.Enrollments
                .Include(enrollment => enrollment.Modules)
                .Include(enrollment => enrollment.Lessons)
                .AsSingleQuery()
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == courseId && enrollment.State != EnrollmentState.Withdrawn)
                .Where(enrollment => enrollmentId == null || enrollment.Id == enrollmentId)
                .OrderByDescending(enrollment => enrollment.EnrolledAt)
                .FirstOrDefault());

    /// <summary>
    /// One unit of work on a quiz of the learner's current enrolment, retried as a whole on a lost race.
    /// An attempt past its deadline is submitted first (and that is kept, whatever the work then does);
    /// null when the learner is not enrolled.
    /// </summary>
    private static Task<T?> InQuizAsync<T>(
        LearningServices services,
        QuizScope scope,
        ClaimsPrincipal principal,
        Func<Enrollment, QuizContext, Actor, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
        where T : class =>
        ConcurrencyRetry.RunAsync<T?>(services.Db, async ct =>
        {
            if (await EnrollmentAsync(services, scope, ct) is not { } enrollment)
            {
                return null;
            }

            var quiz = await QuizContextAsync(services, scope, enrollment, ct);
            var actor = services.ActorFor(principal);
            if (enrollment.CloseOverdueAttempts(quiz, actor))
            {
                await services.SaveProgressAsync(enrollment, scope.Context, ct);
            }

            return await work(enrollment, quiz, actor, ct);
        }, cancellationToken);

    internal static async Task<QuizContext> QuizContextAsync(LearningServices services, QuizScope scope, Enrollment enrollment, CancellationToken cancellationToken)
    {
        Dictionary<Guid, QuizSpec> earlier = [];
        foreach (var versionId in enrollment.AttemptsAt(scope.Quiz.Key).Select(attempt => attempt.CourseVersionId).Where(id => id != scope.Context.VersionId).Distinct())
        {
            if ((await services.Catalog.VersionAsync(versionId, cancellationToken))?.Quizzes.FirstOrDefault(quiz => quiz.Key == scope.Quiz.Key) is { } spec)
            {
                earlier[versionId] = spec;
            }
        }

        return new QuizContext(scope.Quiz, scope.Module.Key, scope.Context.Plan(enrollment), scope.Context.Package.Grading, QuizAccommodation.For(scope.Quiz.Key, scope.Accommodations), earlier);
    }

    private static ProblemHttpResult QuizNotFound(string slug, string key) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Quiz not found.", "Quiz introuvable."), detail: $"{slug}/{key}");

    private static ProblemHttpResult AttemptNotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Attempt not found.", "Tentative introuvable."), detail: id.ToString());

    private static ProblemHttpResult NotEnrolled(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("You are not enrolled in this course.", "Vous n'êtes pas inscrit à ce cours."), detail: slug);
}
