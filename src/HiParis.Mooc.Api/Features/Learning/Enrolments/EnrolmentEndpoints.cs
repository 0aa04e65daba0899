using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning.Enrolments;

public static class EnrolmentEndpoints
{
    public static IEndpointRouteBuilder MapEnrolmentEndpoints(this IEndpointRouteBuilder app)
    {
        var enrolment = app.MapGroup("").WithTags("Enrolment").RequireAuthorization();
        enrolment.MapPost(LearningApiPaths.EnrollmentRoute, Enroll).WithName("Enroll")
            .WithSummary("Enrol in a run (idempotent). Enrolling again after withdrawing keeps the progress; enrolling in another run of the course moves the enrolment there with its progress, attempts and grades.");
        enrolment.MapDelete(LearningApiPaths.EnrollmentRoute, Withdraw).WithName("Withdraw").WithSummary("Withdraw from a run.");
        enrolment.MapGet(LearningApiPaths.MyEnrollments, Mine).WithTags("Learning").WithName("MyEnrollments").WithSummary("My enrolments.");
        return app;
    }

    private static async Task<Results<Created<EnrollmentResponse>, Ok<EnrollmentResponse>, ProblemHttpResult>> Enroll(
        string slug,
        string run,
        ClaimsPrincipal principal,
        Enrolments enrolments,
        CancellationToken cancellationToken)
    {
        var outcome = await enrolments.EnrollAsync(principal.UserId(), slug, run, cancellationToken);
        return outcome switch
        {
            { Refusal: EnrollRefusal.CourseOrRunNotFound } => LearningProblems.NotFound(Pick("Course or run not found.", "Cours ou session introuvable."), $"{slug}/{run}"),
            { Refusal: EnrollRefusal.EmailNotConfirmed } => TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: Pick("Confirm your e-mail address first.", "Confirmez d'abord votre adresse e-mail."),
                detail: Pick("Enrolment needs a confirmed e-mail address.", "L'inscription demande une adresse e-mail confirmée."),
                type: "https://hiparis-mooc.dev/problems/enrollment.email-not-confirmed",
                extensions: new Dictionary<string, object?> { ["code"] = "enrollment.email-not-confirmed" }),
            { Created: true } => TypedResults.Created(LearningApiPaths.MyCourse(slug), outcome.Enrollment!),
            _ => TypedResults.Ok(outcome.Enrollment!),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(string slug, string run, ClaimsPrincipal principal, Enrolments enrolments, CancellationToken cancellationToken) =>
        await enrolments.WithdrawAsync(principal.UserId(), slug, run, cancellationToken)
            ? TypedResults.NoContent()
            : LearningProblems.NotFound(Pick("You are not enrolled in this run.", "Vous n'êtes pas inscrit à cette session."), $"{slug}/{run}");

    private static async Task<Ok<List<EnrollmentResponse>>> Mine(ClaimsPrincipal principal, Enrolments enrolments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await enrolments.MineAsync(principal.UserId(), cancellationToken));
}
