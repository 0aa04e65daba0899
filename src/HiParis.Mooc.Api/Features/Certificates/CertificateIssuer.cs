using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Infrastructure.Outbox;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Certificates;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// Issues certificates: automatically, in the unit of work whose progress meets the certificate rule
/// (it listens to the learning feature's milestones), when the learner claims one, or by an admin as an
/// exception. Automatic issuance and the claim decide by the same domain rule (<see cref="Issuance"/>);
/// the unique index on the current certificate of an enrolment makes parallel triggers issue one.
/// </summary>
public sealed class CertificateIssuer(UnitOfWork work, LearnerRecords records, Outbox outbox, PublicUrls urls, TimeProvider time)
    : IProgressMilestones
{
    public async Task OnReachedAsync(Enrollment enrollment, CourseEdition edition, IReadOnlyList<ProgressMilestone> milestones, CancellationToken cancellationToken)
    {
        if (!milestones.Any(milestone => milestone is ItemCompleted or ModuleCompleted or CourseCompleted or AttemptGraded))
        {
            return;
        }

        // Only an issue acts here, and the learner's certificates can only turn it down: a milestone of a learner
        // who does not meet the rule (most graded attempts) need not read them.
        var eligibility = await EligibilityAsync(enrollment, edition, cancellationToken);
        if (Issuance.MayIssue(enrollment, eligibility))
        {
            await IssueIfDueAsync(enrollment, edition, eligibility, cancellationToken);
        }
    }

    /// <summary>What the rule decides for an enrolment now, and the certificate it issues (added to the unit of work) when it says so.</summary>
    public async Task<(IssuanceOutcome Outcome, Eligibility Eligibility, Certificate? Issued)> IssueIfDueAsync(Enrollment enrollment, CourseEdition edition, CancellationToken cancellationToken) =>
        await IssueIfDueAsync(enrollment, edition, await EligibilityAsync(enrollment, edition, cancellationToken), cancellationToken);

    private async Task<Eligibility> EligibilityAsync(Enrollment enrollment, CourseEdition edition, CancellationToken cancellationToken)
    {
        await records.LoadGradesAsync(enrollment, cancellationToken);
        await records.LoadAllProgressAsync(enrollment, cancellationToken);
        return Eligibility.Evaluate(edition.Package, enrollment);
    }

    private async Task<(IssuanceOutcome Outcome, Eligibility Eligibility, Certificate? Issued)> IssueIfDueAsync(Enrollment enrollment, CourseEdition edition, Eligibility eligibility, CancellationToken cancellationToken)
    {
        var certificates = await LearnersCertificates(work.Db, enrollment.UserId, enrollment.CourseId).ToListAsync(cancellationToken);
        var outcome = Issuance.Decide(enrollment, eligibility, certificates);
        var issued = outcome == IssuanceOutcome.Issue
            ? await IssueAsync(enrollment, edition, IssuanceKind.Automatic, "", new Actor(enrollment.UserId, time.GetUtcNow()), cancellationToken)
            : null;
        return (outcome, eligibility, issued);
    }

    // Compiled once: every claim, and every milestone of a learner who meets the rule, asks it (the rule's last word is the learner's certificates).
    private static readonly Func<MoocDbContext, Guid, Guid, IAsyncEnumerable<Certificate>> LearnersCertificates =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId) =>
            db.Certificates.AsNoTracking().Where(certificate => certificate.UserId == userId && certificate.CourseId == courseId));

    /// <summary>Adds a certificate to the unit of work; the learner is told once it is committed.</summary>
    public async Task<Certificate> IssueAsync(Enrollment enrollment, CourseEdition edition, IssuanceKind kind, string reason, Actor actor, CancellationToken cancellationToken)
    {
        await records.LoadGradesAsync(enrollment, cancellationToken);
        await records.LoadAllProgressAsync(enrollment, cancellationToken);
        var holder = await work.Db.Users.AsNoTracking().Where(user => user.Id == enrollment.UserId).Select(user => new { user.DisplayName, user.Email }).SingleAsync(cancellationToken);
        var certificate = Certificate.Issue(
            enrollment,
            string.IsNullOrWhiteSpace(holder.DisplayName) ? holder.Email ?? "" : holder.DisplayName,
            edition.Package.Title,
            edition.RunSpec(enrollment.RunId)?.Title ?? [],
            edition.VersionId,
            Scores(edition, enrollment),
            kind,
            reason,
            actor);
        work.Db.Certificates.Add(certificate);
        Announce(certificate, holder.DisplayName, holder.Email ?? "");
        return certificate;
    }

    /// <summary>The learner is told by e-mail, written to the outbox in the unit of work that issues (ADR 14).</summary>
    private void Announce(Certificate certificate, string displayName, string email)
    {
        var course = CatalogMapping.Local(certificate.CourseTitle);
        outbox.Add(
            certificate.UserId,
            displayName,
            email,
            Pick($"Your certificate: {course}", $"Votre certificat : {course}"),
            Pick(
                $"Congratulations! You have earned the certificate of {course}. Anyone can check it at this address:",
                $"Félicitations ! Vous avez obtenu le certificat de {course}. Chacun peut le vérifier à cette adresse :"),
            urls.Verification(certificate.Code));
    }

    private static IssuedScores Scores(CourseEdition edition, Enrollment enrollment)
    {
        List<VideoLessonSpec> lessons = [.. edition.Package.Items.OfType<VideoLessonSpec>()];
        return new IssuedScores(
            edition.VersionNumber,
            enrollment.Grade,
            edition.Package.Grading.PassMark,
            edition.Package.Certificate.MinGrade,
            edition.Package.Quizzes.ToDictionary(quiz => quiz.Key, quiz => enrollment.QuizGradeFor(quiz.Key)?.Grade ?? 0m),
            lessons.Count(lesson => enrollment.LessonFor(lesson.Key)?.State == LessonState.Completed),
            lessons.Count,
            edition.Package.Certificate.MinLessonsCompleted,
            edition.Package.Certificate.AllQuizzesPassed);
    }
}
