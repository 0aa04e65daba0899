using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Studio;

public sealed record AccommodationRequest(
    [MaxLength(64)] string? Quiz,
    [Range(0, QuizAccommodation.MaxExtraAttempts)] int ExtraAttempts,
    [Range(0, QuizAccommodation.MaxExtraTimePercent)] int ExtraTimePercent,
    [Required, StringLength(500, MinimumLength = 3)] string Reason);

public sealed record SupportReasonRequest([Required, StringLength(500, MinimumLength = 3)] string Reason);

public sealed record ScheduleRequest([Range(-365, 365)] int Days, [Required, StringLength(500, MinimumLength = 3)] string Reason);

public sealed record AccommodationResponse(string? Quiz, int ExtraAttempts, int ExtraTimePercent, string Reason, DateTimeOffset GrantedAt);

public sealed record SupportActionResponse(string Action, Guid Learner, string Course, int Changed);

/// <summary>
/// What course staff do for one learner, each with a reason written to the audit log in the same
/// transaction: accommodations (extra attempts, extra time), a reset of a quiz's attempts, a shift of a
/// self-paced schedule.
/// </summary>
public static class SupportEndpoints
{
    public static IEndpointRouteBuilder MapSupportEndpoints(this IEndpointRouteBuilder app)
    {
        var learners = app.MapGroup("/api/studio/courses/{slug}/learners/{learner:guid}").WithTags("Studio").RequireAuthorization(CourseStaffRequirement.Policy);
        learners.MapPut("/accommodations", SetAccommodation).WithName("SetAccommodation").WithSummary("Grant extra attempts or extra time, on one quiz or (no quiz) on all; replaces the previous grant.");
        learners.MapPost("/quizzes/{quiz}/reset", ResetAttempts).WithName("ResetAttempts").WithSummary("Reset the learner's attempts at a quiz: they stop counting and the grades are recomputed.");
        learners.MapPost("/schedule", ShiftSchedule).WithName("ShiftSchedule").WithSummary("Move a self-paced learner's weekly unlock dates by a number of days (negative: earlier).");
        return app;
    }

    private static async Task<Results<Ok<AccommodationResponse>, ProblemHttpResult, ValidationProblem>> SetAccommodation(
        string slug,
        Guid learner,
        AccommodationRequest request,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        var context = await CourseContext.LoadAsync(services.Catalog, slug, cancellationToken);
        if (context is null || !await services.Db.Enrollments.AnyAsync(enrollment => enrollment.UserId == learner && enrollment.CourseId == context.CourseId, cancellationToken))
        {
            return LearnerNotFound(slug, learner);
        }

        if (request.Quiz is { } quizKey && context.FindItem(quizKey) is not (_, QuizSpec))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["quiz"] = [$"The course has no quiz '{quizKey}'."] });
        }

        var actor = services.ActorFor(principal);
        var granted = QuizAccommodation.Grant(learner, context.CourseId, request.Quiz, request.ExtraAttempts, request.ExtraTimePercent, request.Reason, actor);
        await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            // The previous grant and the new one change in one transaction: never none, never two.
            services.Db.QuizAccommodations.RemoveRange(await services.Db.QuizAccommodations.Where(existing => existing.UserId == learner && existing.CourseId == context.CourseId && existing.QuizKey == request.Quiz).ToListAsync(ct));
            services.Db.QuizAccommodations.Add(granted);
            services.Db.AuditLog.Add(AuditEntry.Record(actor.Id, "learner.accommodation", learner, $"{slug}/{request.Quiz ?? "*"}: +{request.ExtraAttempts} attempts, +{request.ExtraTimePercent}% time", request.Reason, actor.Now));
            await services.Db.SaveChangesAsync(ct);
            return 0;
        }, cancellationToken);
        return TypedResults.Ok(new AccommodationResponse(granted.QuizKey, granted.ExtraAttempts, granted.ExtraTimePercent, granted.Reason, granted.GrantedAt));
    }

    private static async Task<Results<Ok<SupportActionResponse>, ProblemHttpResult>> ResetAttempts(
        string slug,
        Guid learner,
        string quiz,
        SupportReasonRequest request,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        if (await QuizEndpoints.ScopeAsync(services, slug, quiz, learner, cancellationToken) is not { } scope)
        {
            return LearnerNotFound(slug, learner);
        }

        var reset = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            if (await QuizEndpoints.EnrollmentAsync(services, scope, ct) is not { } enrollment)
            {
                return (int?)null;
            }

            var actor = services.ActorFor(principal);
            var count = enrollment.ResetQuizAttempts(await QuizEndpoints.QuizContextAsync(services, scope, enrollment, ct), actor);
            services.Db.AuditLog.Add(AuditEntry.Record(actor.Id, "learner.reset-attempts", learner, $"{slug}/{quiz}: {count} attempts", request.Reason, actor.Now));
            await services.SaveProgressAsync(enrollment, scope.Context, ct);
            return count;
        }, cancellationToken);
        return reset is null ? LearnerNotFound(slug, learner) : TypedResults.Ok(new SupportActionResponse("reset-attempts", learner, slug, reset.Value));
    }

    private static async Task<Results<Ok<SupportActionResponse>, ProblemHttpResult>> ShiftSchedule(
        string slug,
        Guid learner,
        ScheduleRequest request,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        var context = await CourseContext.LoadAsync(services.Catalog, slug, cancellationToken);
        if (context is null)
        {
            return LearnerNotFound(slug, learner);
        }

        var outcome = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            if (await services.ActiveEnrollmentAsync(learner, context.CourseId, ct) is not { } enrollment)
            {
                return (bool?)null;
            }

            if (context.RunSpec(enrollment.RunId)?.Pacing != Pacing.Self)
            {
                return false;
            }

            var actor = services.ActorFor(principal);
            enrollment.ShiftSchedule(request.Days, actor);
            services.Db.AuditLog.Add(AuditEntry.Record(actor.Id, "learner.schedule-shift", learner, $"{slug}: {request.Days:+#;-#;0} days", request.Reason, actor.Now));
            await services.SaveProgressAsync(enrollment, context, ct);
            return true;
        }, cancellationToken);

        return outcome switch
        {
            null => LearnerNotFound(slug, learner),
            false => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("Only a self-paced schedule can move.", "Seul un calendrier à votre rythme peut être décalé."),
                detail: Pick("An instructor-paced run opens its weeks on the run's dates.", "Une session animée ouvre ses semaines aux dates de la session."),
                type: "https://hiparis-mooc.dev/problems/enrollment.not-self-paced",
                extensions: new Dictionary<string, object?> { ["code"] = "enrollment.not-self-paced" }),
            _ => TypedResults.Ok(new SupportActionResponse("schedule-shift", learner, slug, request.Days)),
        };
    }

    private static ProblemHttpResult LearnerNotFound(string slug, Guid learner) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("No such learner or quiz in this course.", "Apprenant ou quiz introuvable dans ce cours."), detail: $"{slug}/{learner}");
}
