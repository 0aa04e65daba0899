using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Certificates;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

public sealed record ReasonRequest([Required, StringLength(500, MinimumLength = 3)] string Reason);

/// <summary>A revocation: the category the public sees, and the admin's own words kept for the audit log.</summary>
public sealed record RevokeRequest([Required, StringLength(500, MinimumLength = 3)] string Reason, [Required][property: Required] RevocationCategory? Category);

public sealed record ReissueRequest([Required, StringLength(500, MinimumLength = 3)] string Reason, [StringLength(200, MinimumLength = 1)] string? HolderName);

public sealed record IssueExceptionRequest(
    [Required, EmailAddress, MaxLength(256)] string Email,
    [Required, MaxLength(64)] string Course,
    [Required, StringLength(500, MinimumLength = 3)] string Reason);

/// <summary>Admins' changes of certificates, each with its reason in the audit log, in one transaction.</summary>
public static class CertificateAdminEndpoints
{
    public static IEndpointRouteBuilder MapCertificateAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("").WithTags("Administration").RequireAuthorization(IdentitySetup.AdminPolicy);
        admin.MapPost(CertificatesApiPaths.AdminIssue, IssueException).ProducesProblems(404).WithName("IssueCertificateException").WithSummary("Issue a certificate to a learner who does not meet the rule, with a reason.");
        admin.MapPost(CertificatesApiPaths.RevokeRoute, Revoke).WithName("RevokeCertificate")
            .WithSummary("Revoke a certificate: a category the public sees (issued_in_error, holder_request, academic_misconduct, identity_not_confirmed) and a reason kept for the audit log. Its status list bit is set.");
        admin.MapPost(CertificatesApiPaths.ReinstateRoute, Reinstate).WithName("ReinstateCertificate").WithSummary("Undo a revocation made in error, with a reason.");
        admin.MapPost(CertificatesApiPaths.ReissueRoute, Reissue).WithName("ReissueCertificate").WithSummary("Replace a certificate by a new one with a new code (e.g. a new legal name); the old one is superseded.");
        return app;
    }

    private static async Task<Results<Created<CertificateResponse>, ProblemHttpResult>> IssueException(
        IssueExceptionRequest request,
        ClaimsPrincipal principal,
        CourseCatalog catalog,
        LearnerRecords records,
        CertificateIssuer issuer,
        CertificateRecords certificates,
        UnitOfWork work,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var edition = await catalog.EditionAsync(request.Course, cancellationToken);
        var normalized = Infrastructure.Identity.EmailAddresses.Key(request.Email);
        var learner = await work.Db.Users.AsNoTracking().Where(user => user.NormalizedEmail == normalized).Select(user => (Guid?)user.Id).SingleOrDefaultAsync(cancellationToken);
        if (edition is null || learner is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Learner or course not found.", "Apprenant ou cours introuvable."), detail: request.Course);
        }

        if (await records.CurrentAsync(learner.Value, edition.CourseId, cancellationToken) is not { } enrollment)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("The learner is not enrolled in this course.", "L'apprenant n'est pas inscrit à ce cours."), detail: request.Course);
        }

        var actor = new Actor(principal.UserId(), time.GetUtcNow());
        var certificate = await issuer.IssueAsync(enrollment, edition, IssuanceKind.Exception, request.Reason, actor, cancellationToken);
        work.Db.AuditLog.Add(AuditEntry.Record(actor.Id, "certificate.issue-exception", learner, certificate.Code, request.Reason, actor.Now));
        await SaveAsync(work, "This enrolment already has a current certificate: reissue or revoke it instead.", cancellationToken);
        var response = await certificates.ResponseAsync(certificate.Code, cancellationToken);
        return TypedResults.Created(CertificatesApiPaths.Certificate(response.Code), response);
    }

    private static Task<Results<Ok<CertificateResponse>, ProblemHttpResult, ValidationProblem>> Revoke(string code, RevokeRequest request, ClaimsPrincipal principal, CertificateRecords certificates, UnitOfWork work, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(code, "certificate.revoke", request.Reason, principal, certificates, work, time, (certificate, actor) => certificate.Revoke(request.Category!.Value, request.Reason, actor), cancellationToken);

    private static Task<Results<Ok<CertificateResponse>, ProblemHttpResult, ValidationProblem>> Reinstate(string code, ReasonRequest request, ClaimsPrincipal principal, CertificateRecords certificates, UnitOfWork work, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(code, "certificate.reinstate", request.Reason, principal, certificates, work, time, (certificate, actor) => certificate.Reinstate(request.Reason, actor), cancellationToken);

    private static async Task<Results<Ok<CertificateResponse>, ProblemHttpResult, ValidationProblem>> Reissue(string code, ReissueRequest request, ClaimsPrincipal principal, CertificateRecords certificates, UnitOfWork work, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.HolderName is { } name && string.IsNullOrWhiteSpace(name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["holderName"] = [Pick("A name cannot be blank.", "Un nom ne peut pas être vide.")] });
        }

        return await ChangeAsync(code, "certificate.reissue", request.Reason, principal, certificates, work, time, (certificate, actor) =>
            work.Db.Certificates.Add(certificate.Reissue(request.HolderName?.Trim() ?? certificate.HolderName, request.Reason, actor)), cancellationToken);
    }

    /// <summary>An admin's change of a certificate, with its reason in the audit log, in one transaction; answers the certificate as it is after.</summary>
    private static async Task<Results<Ok<CertificateResponse>, ProblemHttpResult, ValidationProblem>> ChangeAsync(
        string code,
        string action,
        string reason,
        ClaimsPrincipal principal,
        CertificateRecords certificates,
        UnitOfWork work,
        TimeProvider time,
        Action<Certificate, Actor> change,
        CancellationToken cancellationToken)
    {
        if (await certificates.FindAsync(code, tracked: true, cancellationToken) is not { } row)
        {
            return VerificationEndpoints.NotFound(code);
        }

        var actor = new Actor(principal.UserId(), time.GetUtcNow());
        change(row.Certificate, actor);
        work.Db.AuditLog.Add(AuditEntry.Record(actor.Id, action, row.Certificate.UserId, row.Certificate.Code, reason, actor.Now));
        work.AfterCommit(_ =>
        {
            certificates.Forget(row.Certificate.Code);
            return Task.CompletedTask;
        });
        await SaveAsync(work, "This enrolment has another current certificate.", cancellationToken);
        return TypedResults.Ok(await certificates.ResponseAsync(row.Certificate.Code, cancellationToken));
    }

    /// <summary>Saves; a second current certificate for the enrolment is a state conflict, not a race to run again.</summary>
    private static async Task SaveAsync(UnitOfWork work, string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await work.SaveAsync(cancellationToken);
        }
        catch (DbUpdateException race) when (Retry.IsUniqueViolation(race))
        {
            throw new Domain.DomainException("certificate.already-current", conflict);
        }
    }
}
