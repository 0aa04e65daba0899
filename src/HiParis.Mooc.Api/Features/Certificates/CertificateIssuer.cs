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
/// Issues certificates: automatically, in the unit of work whose progress meets the certificate rule,
/// or by an admin as an exception. The unique index on the current certificate of an enrolment makes
/// parallel triggers issue one; an enrolment that ever had a certificate gets no automatic one again
/// (a revoked certificate stays revoked).
/// </summary>
public sealed class CertificateIssuer(MoocDbContext db, Outbox outbox, PublicUrls urls)
{
    /// <summary>Adds a certificate to the unit of work when the enrolment meets the rule and never had one; null otherwise.</summary>
    public async Task<Certificate?> IssueIfEligibleAsync(Enrollment enrollment, CourseContext context, Actor actor, CancellationToken cancellationToken)
    {
        if (!enrollment.IsActive || !(await EligibilityAsync(enrollment, context, cancellationToken)).Eligible)
        {
            return null;
        }

        // Never twice for an enrolment, and never again for a learner whose certificate of this course was
        // revoked (in any run): only an admin can issue after a revocation.
        if (await db.Certificates.AnyAsync(
                certificate => certificate.EnrollmentId == enrollment.Id
                    || (certificate.UserId == enrollment.UserId && certificate.CourseId == enrollment.CourseId && certificate.State == CertificateState.Revoked),
                cancellationToken))
        {
            return null;
        }

        return await IssueAsync(enrollment, context, IssuanceKind.Automatic, "", actor, cancellationToken);
    }

    /// <summary>The certificate rule checked for an enrolment, its quiz grades loaded when they are not yet.</summary>
    public async Task<Eligibility> EligibilityAsync(Enrollment enrollment, CourseContext context, CancellationToken cancellationToken)
    {
        await LoadGradesAsync(enrollment, cancellationToken);
        return Eligibility.Evaluate(context.Package, enrollment);
    }

    private async Task LoadGradesAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var grades = db.Entry(enrollment).Collection(entry => entry.QuizGrades);
        if (!grades.IsLoaded)
        {
            await grades.LoadAsync(cancellationToken);
        }
    }

    public async Task<Certificate> IssueAsync(Enrollment enrollment, CourseContext context, IssuanceKind kind, string reason, Actor actor, CancellationToken cancellationToken)
    {
        await LoadGradesAsync(enrollment, cancellationToken);
        var holder = await db.Users.AsNoTracking().Where(user => user.Id == enrollment.UserId).Select(user => new { user.DisplayName, user.Email }).SingleAsync(cancellationToken);
        var run = context.RunSpec(enrollment.RunId);
        var certificate = Certificate.Issue(
            enrollment,
            string.IsNullOrWhiteSpace(holder.DisplayName) ? holder.Email ?? "" : holder.DisplayName,
            context.Package.Title,
            run?.Title ?? [],
            context.VersionId,
            Scores(context, enrollment),
            kind,
            reason,
            actor);
        db.Certificates.Add(certificate);
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

    private static IssuedScores Scores(CourseContext context, Enrollment enrollment)
    {
        List<VideoLessonSpec> lessons = [.. context.Package.Items.OfType<VideoLessonSpec>()];
        return new IssuedScores(
            context.VersionNumber,
            enrollment.Grade,
            context.Package.Grading.PassMark,
            context.Package.Certificate.MinGrade,
            context.Package.Quizzes.ToDictionary(quiz => quiz.Key, quiz => enrollment.QuizGradeFor(quiz.Key)?.Grade ?? 0m),
            lessons.Count(lesson => enrollment.LessonFor(lesson.Key)?.State == LessonState.Completed),
            lessons.Count);
    }
}
