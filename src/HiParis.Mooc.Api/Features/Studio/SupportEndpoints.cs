using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Features.Learning.Quizzes;
using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Http.HttpResults;
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
        var learners = app.MapGroup("").WithTags("Studio").RequireAuthorization(CourseStaffRequirement.Policy);
        learners.MapPut(StudioApiPaths.AccommodationsRoute, SetAccommodation).WithName("SetAccommodation").WithSummary("Grant extra attempts or extra time, on one quiz or (no quiz) on all; replaces the previous grant.");
        learners.MapPost(StudioApiPaths.ResetAttemptsRoute, ResetAttempts).WithName("ResetAttempts").WithSummary("Reset the learner's attempts at a quiz: they stop counting and the grades are recomputed.");
        learners.MapPost(StudioApiPaths.ScheduleRoute, ShiftSchedule).WithName("ShiftSchedule").WithSummary("Move a self-paced learner's weekly unlock dates by a number of days (negative: earlier).");
        return app;
    }

    private static async Task<Results<Ok<AccommodationResponse>, ProblemHttpResult, ValidationProblem>> SetAccommodation(
        string slug,
        Guid learner,
        AccommodationRequest request,
        ClaimsPrincipal principal,
        CourseCatalog catalog,
        LearnerRecords records,
        ProgressWork progress,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var work = progress.Work;
        var edition = await catalog.EditionAsync(slug, cancellationToken);
        if (edition is null || !await work.Db.Enrollments.AnyAsync(enrollment => enrollment.UserId == learner && enrollment.CourseId == edition.CourseId, cancellationToken))
        {
            return LearnerNotFound(slug, learner);
        }

        if (request.Quiz is { } quizKey && !edition.Package.Quizzes.Any(quiz => quiz.Key == quizKey))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["quiz"] = [Pick($"The course has no quiz '{quizKey}'.", $"Le cours n'a pas de quiz « {quizKey} ».")] });
        }

        var actor = new Actor(principal.UserId(), time.GetUtcNow());
        var granted = QuizAccommodation.Grant(learner, edition.CourseId, request.Quiz, request.ExtraAttempts, request.ExtraTimePercent, request.Reason, actor);

        // The previous grant and the new one change in one transaction: never none, never two.
        work.Db.QuizAccommodations.RemoveRange(await work.Db.QuizAccommodations.Where(existing => existing.UserId == learner && existing.CourseId == edition.CourseId && existing.QuizKey == request.Quiz).ToListAsync(cancellationToken));
        work.Db.QuizAccommodations.Add(granted);

        // A learner's quiz session kept on any instance holds their accommodations: writing their enrolment's
        // row in the same transaction makes such a session stale (ADR 32).
        if (await records.CurrentAsync(learner, edition.CourseId, cancellationToken) is { } current)
        {
            progress.MarkWritten(current);
        }

        work.Db.AuditLog.Add(AuditEntry.Record(actor.Id, "learner.accommodation", learner, $"{slug}/{request.Quiz ?? "*"}: +{request.ExtraAttempts} attempts, +{request.ExtraTimePercent}% time", request.Reason, actor.Now));
        await work.SaveAsync(cancellationToken);
        return TypedResults.Ok(new AccommodationResponse(granted.QuizKey, granted.ExtraAttempts, granted.ExtraTimePercent, granted.Reason, granted.GrantedAt));
    }

    private static async Task<Results<Ok<SupportActionResponse>, ProblemHttpResult>> ResetAttempts(
        string slug,
        Guid learner,
        string quiz,
        SupportReasonRequest request,
        ClaimsPrincipal principal,
        QuizSessions sessions,
        CancellationToken cancellationToken)
    {
        if ((await sessions.OpenAsync(learner, slug, quiz, null, principal.UserId(), cancellationToken)).Value is not { } session)
        {
            return LearnerNotFound(slug, learner);
        }

        var count = session.Enrollment.ResetQuizAttempts(session.Quiz, session.Actor);
        sessions.Progress.Work.Db.AuditLog.Add(AuditEntry.Record(session.Actor.Id, "learner.reset-attempts", learner, $"{slug}/{quiz}: {count} attempts", request.Reason, session.Actor.Now));
        await sessions.Progress.SaveAsync(session.Enrollment, session.Edition, cancellationToken);
        return TypedResults.Ok(new SupportActionResponse("reset-attempts", learner, slug, count));
    }

    private static async Task<Results<Ok<SupportActionResponse>, ProblemHttpResult>> ShiftSchedule(
        string slug,
        Guid learner,
        ScheduleRequest request,
        ClaimsPrincipal principal,
        CourseCatalog catalog,
        LearnerRecords records,
        ProgressWork progress,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition || await records.CurrentAsync(learner, edition.CourseId, cancellationToken) is not { } enrollment)
        {
            return LearnerNotFound(slug, learner);
        }

        var actor = new Actor(principal.UserId(), time.GetUtcNow());
        enrollment.ShiftSchedule(request.Days, edition.RunSpec(enrollment.RunId), actor);
        progress.Work.Db.AuditLog.Add(AuditEntry.Record(actor.Id, "learner.schedule-shift", learner, $"{slug}: {request.Days:+#;-#;0} days", request.Reason, actor.Now));
        await progress.SaveAsync(enrollment, edition, cancellationToken);
        return TypedResults.Ok(new SupportActionResponse("schedule-shift", learner, slug, request.Days));
    }

    private static ProblemHttpResult LearnerNotFound(string slug, Guid learner) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("No such learner or quiz in this course.", "Apprenant ou quiz introuvable dans ce cours."), detail: $"{slug}/{learner}");
}
