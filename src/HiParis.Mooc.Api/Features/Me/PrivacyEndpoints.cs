using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace HiParis.Mooc.Api.Features.Me;

public sealed record EraseRequest([Required, MaxLength(128)] string Password);

/// <summary>
/// The learner's rights over their data (GDPR articles 15, 17 and 20): everything the platform holds about
/// them, as JSON; and erasure of the account, which keeps only what the course's statistics need, under
/// a pseudonym (ADR 10).
/// </summary>
public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup(MeApiPaths.Me).WithTags("Me").RequireAuthorization();
        me.MapGet("/data", Export).WithName("MyData").WithSummary("Everything the platform holds about me, as JSON (profile, enrolments, progress, attempts with answers, grades, certificates, audit entries).");
        me.MapDelete("", Erase).ProducesProblems(413, 429).WithName("EraseMe").WithSummary("Erase my account (password confirmation): personal data replaced by a pseudonym, sessions ended, the e-mail address freed.");
        return app;
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, UnauthorizedHttpResult>> Export(
        ClaimsPrincipal principal,
        [FromServices] UserManager<User> users,
        [FromServices] MoocDbContext db,
        [FromServices] TimeProvider time,
        [FromServices] IMemoryCache cache,
        CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var enrollments = await db.Enrollments.AsNoTracking()
            .Include(enrollment => enrollment.Modules)
            .Include(enrollment => enrollment.Lessons)
            .Include(enrollment => enrollment.QuizGrades)
            .Include(enrollment => enrollment.Attempts)
            .AsSplitQuery()
            .Where(enrollment => enrollment.UserId == user.Id)
            .ToListAsync(cancellationToken);
        var ids = enrollments.Select(enrollment => enrollment.Id).ToList();
        var courses = await db.Courses.AsNoTracking().Where(course => enrollments.Select(e => e.CourseId).Contains(course.Id)).ToDictionaryAsync(course => course.Id, course => course.Slug, cancellationToken);
        var runs = await db.CourseRuns.AsNoTracking().Where(run => enrollments.Select(e => e.RunId).Contains(run.Id)).ToDictionaryAsync(run => run.Id, run => run.Key, cancellationToken);
        var transitions = await db.ProgressTransitions.AsNoTracking().Where(transition => ids.Contains(transition.EnrollmentId)).OrderBy(transition => transition.At).ToListAsync(cancellationToken);
        var certificates = await db.Certificates.AsNoTracking().Include(certificate => certificate.Transitions).Where(certificate => certificate.UserId == user.Id).ToListAsync(cancellationToken);
        var accommodations = await db.QuizAccommodations.AsNoTracking().Where(accommodation => accommodation.UserId == user.Id).ToListAsync(cancellationToken);
        var audit = await db.AuditLog.AsNoTracking().Where(entry => entry.SubjectUserId == user.Id || entry.ActorId == user.Id).OrderBy(entry => entry.At).ToListAsync(cancellationToken);

        return TypedResults.Ok(new Dictionary<string, object?>
        {
            ["exportedAt"] = time.GetUtcNow(),
            ["profile"] = new { user.Id, user.Email, user.DisplayName, user.Language, user.EmailConfirmed, user.CreatedAt, Roles = await users.GetRolesAsync(user), user.LockoutEnd },
            ["enrollments"] = enrollments.Select(enrollment => new
            {
                enrollment.Id,
                Course = courses.GetValueOrDefault(enrollment.CourseId),
                Run = runs.GetValueOrDefault(enrollment.RunId),
                State = enrollment.State.ToString(),
                enrollment.EnrolledAt,
                enrollment.CompletedAt,
                enrollment.WithdrawnAt,
                enrollment.LastActivityAt,
                enrollment.Grade,
                enrollment.ScheduleShiftDays,
                Modules = enrollment.Modules.Select(module => new { module.ModuleKey, State = module.State.ToString(), module.OpenedAt, module.CompletedAt }),
                Items = enrollment.Lessons.Select(lesson => new { lesson.ItemKey, State = lesson.State.ToString(), lesson.CoveredSeconds, Watched = lesson.Segments, lesson.StartedAt, lesson.CompletedAt }),
                QuizGrades = enrollment.QuizGrades.Select(grade => new { grade.QuizKey, grade.Grade, grade.Best, grade.GradedAttempts, grade.Passed }),
                Attempts = enrollment.Attempts.OrderBy(attempt => attempt.QuizKey).ThenBy(attempt => attempt.Number).Select(attempt => new
                {
                    attempt.Id,
                    attempt.QuizKey,
                    attempt.Number,
                    State = attempt.State.ToString(),
                    attempt.StartedAt,
                    attempt.Deadline,
                    attempt.SubmittedAt,
                    attempt.DiscardedAt,
                    attempt.Answers,
                    attempt.Score,
                    attempt.Grade,
                }),
                Transitions = transitions.Where(transition => transition.EnrollmentId == enrollment.Id).Select(transition => new { transition.Lifecycle, transition.SubjectKey, transition.FromState, transition.ToState, transition.Trigger, transition.At }),
            }),
            ["certificates"] = certificates.Select(certificate => new
            {
                Code = Domain.Certificates.VerificationCode.Display(certificate.Code),
                State = certificate.State.ToString(),
                certificate.HolderName,
                certificate.IssuedAt,
                certificate.Scores,
                certificate.RevokedAt,
                certificate.RevocationReason,
                certificate.SupersededAt,
                History = certificate.Transitions.OrderBy(transition => transition.At).Select(transition => new { transition.FromState, transition.ToState, transition.Trigger, transition.Reason, transition.At }),
            }),
            ["accommodations"] = accommodations.Select(accommodation => new { accommodation.QuizKey, accommodation.ExtraAttempts, accommodation.ExtraTimePercent, accommodation.Reason, accommodation.GrantedAt }),
            ["auditEntries"] = audit.Select(entry => new { entry.At, entry.Action, entry.Subject, entry.Reason, ByMe = entry.ActorId == user.Id }),
        });
    }

    private static async Task<Results<NoContent, UnauthorizedHttpResult, ValidationProblem>> Erase(
        [FromBody] EraseRequest request,
        ClaimsPrincipal principal,
        [FromServices] UserManager<User> users,
        [FromServices] SignInManager<User> signIn,
        [FromServices] AccountErasure erasure,
        CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (!await erasure.EraseAsync(user, request.Password, cancellationToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [AccountErasure.PasswordMismatch] });
        }

        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }
}
