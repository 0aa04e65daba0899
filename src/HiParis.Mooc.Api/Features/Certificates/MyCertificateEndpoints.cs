using System.Security.Claims;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Certificates;
using Microsoft.AspNetCore.Http.HttpResults;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>A learner's certificates, and the claim that catches up after a rule change.</summary>
public static class MyCertificateEndpoints
{
    public static IEndpointRouteBuilder MapMyCertificateEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("").WithTags("Certificates").RequireAuthorization();
        me.MapGet(CertificatesApiPaths.MyCertificates, Mine).WithName("MyCertificates").WithSummary("My certificates, in every state, with the scores each was issued on.");
        me.MapPost(CertificatesApiPaths.ClaimRoute, Claim).WithName("ClaimCertificate")
            .WithSummary("Get my certificate when I meet the rule (it is issued automatically; this catches up after a rule change). 409 says what is missing.");
        return app;
    }

    private static async Task<Ok<List<MyCertificateResponse>>> Mine(ClaimsPrincipal principal, CertificateRecords certificates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await certificates.MineAsync(principal.UserId(), cancellationToken));

    /// <summary>The same rule as automatic issuance (<see cref="Issuance"/>): this only runs it now.</summary>
    private static async Task<Results<Created<CertificateResponse>, Ok<CertificateResponse>, ProblemHttpResult>> Claim(
        string slug,
        ClaimsPrincipal principal,
        CourseCatalog catalog,
        LearnerRecords records,
        CertificateIssuer issuer,
        CertificateRecords certificates,
        UnitOfWork work,
        CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition)
        {
            return VerificationEndpoints.NotFound(slug);
        }

        if (await records.CurrentAsync(principal.UserId(), edition.CourseId, cancellationToken) is not { } enrollment)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("You are not enrolled in this course.", "Vous n'êtes pas inscrit à ce cours."), detail: slug);
        }

        var (outcome, eligibility, issued) = await issuer.IssueIfDueAsync(enrollment, edition, cancellationToken);
        switch (outcome)
        {
            case IssuanceOutcome.Issue:
                await work.SaveAsync(cancellationToken);
                var created = await certificates.ResponseAsync(issued!.Code, cancellationToken);
                return TypedResults.Created(CertificatesApiPaths.Certificate(created.Code), created);
            case IssuanceOutcome.AlreadyIssued:
                var mine = (await certificates.MineAsync(enrollment.UserId, cancellationToken)).Last(row => row.Certificate.Course == slug).Certificate;
                return TypedResults.Ok(mine);
            case IssuanceOutcome.RevokedBefore:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: Pick("A certificate of this course was revoked.", "Un certificat de ce cours a été révoqué."),
                    detail: Pick("Only an administrator can issue you another one.", "Seul un administrateur peut vous en délivrer un autre."),
                    type: "https://hiparis-mooc.dev/problems/certificate.revoked-before",
                    extensions: new Dictionary<string, object?> { ["code"] = "certificate.revoked-before" });
            default:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: Pick("You do not meet the certificate rule yet.", "Vous ne remplissez pas encore les conditions du certificat."),
                    detail: Pick($"See {LearningApiPaths.Grade(slug)} for what is missing.", $"Voir {LearningApiPaths.Grade(slug)} pour ce qui manque."),
                    type: "https://hiparis-mooc.dev/problems/certificate.not-eligible",
                    extensions: new Dictionary<string, object?>
                    {
                        ["code"] = "certificate.not-eligible",
                        ["rules"] = eligibility.Rules.Where(rule => !rule.Met).Select(rule => new { rule.Rule, quiz = rule.Subject, rule.Actual, rule.Required }).ToList(),
                    });
        }
    }
}
