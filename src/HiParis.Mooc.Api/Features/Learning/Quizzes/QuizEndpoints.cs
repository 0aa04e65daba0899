using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning.Quizzes;

public static class QuizEndpoints
{
    private const int MaxRequestKeyLength = 100;

    public static IEndpointRouteBuilder MapQuizEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("").WithTags("Quizzes and grades").RequireAuthorization();
        me.MapPost(LearningApiPaths.AttemptsRoute, Start).WithName("StartAttempt")
            .WithSummary("Start a new attempt (an open one is submitted as it is); send an Idempotency-Key to make a repeated click harmless.");
        me.MapGet(LearningApiPaths.AttemptsRoute, Attempts).WithName("MyAttempts")
            .WithSummary("My attempts at a quiz, with feedback as the show-answer policy allows, and whether I can start another.");
        me.MapGet(LearningApiPaths.AttemptRoute, Attempt).WithName("GetAttempt").WithSummary("One of my attempts.");
        me.MapPut(LearningApiPaths.AnswersRoute, SaveAnswers).WithName("SaveAnswers")
            .WithSummary("Autosave answers of an open attempt; each given answer replaces the saved one, null clears it.");
        me.MapPost(LearningApiPaths.CheckRoute, Check).WithName("CheckPracticeAnswers")
            .WithSummary("Practice sets only: save answers and get each one checked at once, with its feedback, explanation and key.");
        me.MapPost(LearningApiPaths.SubmitRoute, Submit).WithName("SubmitAttempt")
            .WithSummary("Submit an attempt; it is graded with the quiz, the module and the course grade in the same transaction. Submitting again changes nothing.");
        me.MapGet(LearningApiPaths.GradeRoute, Grade).WithName("MyGrade")
            .WithSummary("My score on each quiz, my course grade, and the certificate rule checked rule by rule.");
        return app;
    }

    private static async Task<Results<Created<AttemptView>, Ok<AttemptView>, ProblemHttpResult, ValidationProblem>> Start(
        string slug,
        string key,
        [FromHeader(Name = "Idempotency-Key")] string? requestKey,
        ClaimsPrincipal principal,
        QuizTaking quizzes,
        CancellationToken cancellationToken)
    {
        if (requestKey is { Length: 0 or > MaxRequestKeyLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = [Pick($"Between 1 and {MaxRequestKeyLength} characters.", $"Entre 1 et {MaxRequestKeyLength} caractères.")] });
        }

        return await quizzes.StartAsync(principal.UserId(), slug, key, requestKey, cancellationToken) switch
        {
            { ItemMissing: true } => LearningProblems.QuizNotFound(slug, key),
            { Value: { Created: true } started } => TypedResults.Created(LearningApiPaths.Attempt(started.Attempt.Id), started.Attempt),
            { Value: { } repeated } => TypedResults.Ok(repeated.Attempt),
            _ => LearningProblems.NotEnrolled(slug),
        };
    }

    private static async Task<Results<Ok<QuizAttemptsResponse>, ProblemHttpResult>> Attempts(string slug, string key, ClaimsPrincipal principal, QuizTaking quizzes, CancellationToken cancellationToken) =>
        await quizzes.AttemptsAsync(principal.UserId(), slug, key, cancellationToken) switch
        {
            { ItemMissing: true } => LearningProblems.QuizNotFound(slug, key),
            { Value: { } attempts } => TypedResults.Ok(attempts),
            _ => LearningProblems.NotEnrolled(slug),
        };

    private static async Task<Results<Ok<AttemptView>, ProblemHttpResult>> Attempt(Guid id, ClaimsPrincipal principal, QuizTaking quizzes, CancellationToken cancellationToken) =>
        await quizzes.AttemptAsync(principal.UserId(), id, cancellationToken) is { } attempt ? TypedResults.Ok(attempt) : LearningProblems.AttemptNotFound(id);

    private static async Task<Results<Ok<AttemptView>, ProblemHttpResult, ValidationProblem>> SaveAnswers(
        Guid id,
        SaveAnswersRequest request,
        ClaimsPrincipal principal,
        QuizTaking quizzes,
        CancellationToken cancellationToken)
    {
        var saved = await quizzes.SaveAnswersAsync(principal.UserId(), id, request, cancellationToken);
        return saved switch
        {
            null => LearningProblems.AttemptNotFound(id),
            { Errors.Count: > 0 } => TypedResults.ValidationProblem(saved.Errors),
            { Expired: true } => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("The time for this attempt is over.", "Le temps de cette tentative est écoulé."),
                detail: Pick(
                    $"The deadline was {saved.Attempt!.Deadline:u}; the attempt was submitted with the answers saved before it.",
                    $"L'échéance était le {saved.Attempt!.Deadline:u} ; la tentative a été soumise avec les réponses enregistrées avant."),
                type: "https://hiparis-mooc.dev/problems/quiz.attempt-expired",
                extensions: new Dictionary<string, object?> { ["code"] = "quiz.attempt-expired", ["attempt"] = saved.Attempt }),
            _ => TypedResults.Ok(saved.Attempt!),
        };
    }

    private static async Task<Results<Ok<CheckResponse>, ProblemHttpResult, ValidationProblem>> Check(Guid id, SaveAnswersRequest request, ClaimsPrincipal principal, QuizTaking quizzes, CancellationToken cancellationToken) =>
        await quizzes.CheckAsync(principal.UserId(), id, request, cancellationToken) switch
        {
            null => LearningProblems.AttemptNotFound(id),
            { Errors.Count: > 0 } refused => TypedResults.ValidationProblem(refused.Errors),
            var checkedAnswers => TypedResults.Ok(new CheckResponse(checkedAnswers.Questions)),
        };

    private static async Task<Results<Ok<AttemptView>, ProblemHttpResult>> Submit(Guid id, ClaimsPrincipal principal, QuizTaking quizzes, CancellationToken cancellationToken) =>
        await quizzes.SubmitAsync(principal.UserId(), id, cancellationToken) is { } attempt ? TypedResults.Ok(attempt) : LearningProblems.AttemptNotFound(id);

    private static async Task<Results<Ok<GradeResponse>, ProblemHttpResult>> Grade(string slug, ClaimsPrincipal principal, Grades grades, CancellationToken cancellationToken) =>
        await grades.GradeAsync(principal.UserId(), slug, cancellationToken) is { } grade ? TypedResults.Ok(grade) : LearningProblems.NotEnrolled(slug);
}
