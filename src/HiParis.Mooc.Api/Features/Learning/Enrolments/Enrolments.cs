using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.Api.Features.Learning.Enrolments;

public sealed record EnrollmentResponse(Guid Id, string Course, string Run, EnrollmentState State, DateTimeOffset EnrolledAt, DateTimeOffset? CompletedAt, DateTimeOffset? WithdrawnAt)
{
    public static EnrollmentResponse Of(Enrollment enrollment, string slug, string run) =>
        new(enrollment.Id, slug, run, enrollment.State, enrollment.EnrolledAt, enrollment.CompletedAt, enrollment.WithdrawnAt);
}

/// <summary>Why an enrolment was refused before the domain was asked.</summary>
public enum EnrollRefusal
{
    CourseOrRunNotFound,
    EmailNotConfirmed,
}

/// <summary>The enrolment joined, whether it is new, or why nothing happened.</summary>
public sealed record EnrollOutcome(EnrollmentResponse? Enrollment, bool Created, EnrollRefusal? Refusal);

/// <summary>Enrolling, withdrawing, and the list of a learner's enrolments: for the API and the pages alike.</summary>
public sealed class Enrolments(CourseCatalog catalog, LearnerRecords records, ProgressWork progress, UserManager<User> users, IConfiguration configuration, IHostEnvironment environment, TimeProvider time)
{
    /// <summary><c>Enrollment:RequireConfirmedEmail</c>, on by default outside Development.</summary>
    private bool RequireConfirmedEmail => configuration.GetValue("Enrollment:RequireConfirmedEmail", !environment.IsDevelopment());

    /// <summary>
    /// Joins a run (idempotent): a first enrolment in the course, a rejoin after a withdrawal, or a move
    /// from another run of the course with everything the enrolment holds (ADR 18). The window is the domain's rule.
    /// </summary>
    public async Task<EnrollOutcome> EnrollAsync(Guid userId, string slug, string runKey, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition || edition.OpenRun(runKey) is not var (run, spec))
        {
            return new EnrollOutcome(null, false, EnrollRefusal.CourseOrRunNotFound);
        }

        if (RequireConfirmedEmail && await users.FindByIdAsync(userId.ToString()) is { EmailConfirmed: false })
        {
            return new EnrollOutcome(null, false, EnrollRefusal.EmailNotConfirmed);
        }

        var actor = new Actor(userId, time.GetUtcNow());
        var enrollment = await records.LatestAsync(userId, edition.CourseId, cancellationToken);
        var created = enrollment is null;
        if (enrollment is null)
        {
            enrollment = Enrollment.Enroll(userId, edition.CourseId, run.Id, spec, edition.Package, actor);
            progress.Work.Db.Enrollments.Add(enrollment);
        }
        else if (!enrollment.Join(run.Id, spec, actor))
        {
            return new EnrollOutcome(EnrollmentResponse.Of(enrollment, slug, runKey), false, null);
        }

        await progress.SaveAsync(enrollment, edition, cancellationToken);
        return new EnrollOutcome(EnrollmentResponse.Of(enrollment, slug, runKey), created, null);
    }

    /// <summary>Withdraws from the run; false when the learner is not in it.</summary>
    public async Task<bool> WithdrawAsync(Guid userId, string slug, string runKey, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition
            || await records.CurrentRowAsync(userId, edition.CourseId, cancellationToken) is not { } enrollment
            || edition.RunKey(enrollment.RunId) != runKey)
        {
            return false;
        }

        enrollment.Withdraw(new Actor(userId, time.GetUtcNow()));
        await progress.SaveAsync(enrollment, edition, cancellationToken);
        return true;
    }

    public async Task<List<EnrollmentResponse>> MineAsync(Guid userId, CancellationToken cancellationToken)
    {
        var db = progress.Work.Db;
        var rows = await db.Enrollments.AsNoTracking()
            .Where(enrollment => enrollment.UserId == userId)
            .Join(db.CourseRuns, e => e.RunId, r => r.Id, (e, r) => new { e, r.Key, r.CourseId })
            .Join(db.Courses, x => x.CourseId, c => c.Id, (x, c) => new { x.e, RunKey = x.Key, c.Slug })
            .OrderBy(x => x.e.EnrolledAt)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(row => EnrollmentResponse.Of(row.e, row.Slug, row.RunKey))];
    }
}
