using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Api.Infrastructure.RateLimiting;
using HiParis.Mooc.Domain.Certificates;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

public sealed record ReasonRequest([Required, StringLength(500, MinimumLength = 3)] string Reason);

public sealed record ReissueRequest([Required, StringLength(500, MinimumLength = 3)] string Reason, [StringLength(200, MinimumLength = 1)] string? HolderName);

public sealed record IssueExceptionRequest(
    [Required, EmailAddress, MaxLength(256)] string Email,
    [Required, MaxLength(64)] string Course,
    [Required, StringLength(500, MinimumLength = 3)] string Reason);

/// <summary>A certificate and where it belongs: its course's slug and run's key.</summary>
internal sealed record CertificateRow(Certificate Certificate, string Slug, string RunKey, string? SupersededByCode);

/// <summary>The services the certificate handlers share (taken <c>[FromServices]</c>).</summary>
/// <remarks>
/// Verification reads a certificate from a cache kept <c>Certificates:VerificationCacheSeconds</c> (default 5):
/// a revocation, reinstatement or reissue on this instance is seen at once, one on another instance
/// within that time. 0 reads PostgreSQL on every verification.
/// </remarks>
public sealed class CertificateServices(MoocDbContext db, CourseCatalog catalog, CertificateIssuer issuer, CertificateSigner signer, PublicUrls urls, TimeProvider time, LearningServices learning, IMemoryCache cache, IConfiguration configuration)
{
    private readonly TimeSpan _freshness = TimeSpan.FromSeconds(configuration.GetValue("Certificates:VerificationCacheSeconds", 5.0));

    public MoocDbContext Db { get; } = db;

    public CourseCatalog Catalog { get; } = catalog;

    public CertificateIssuer Issuer { get; } = issuer;

    public CertificateSigner Signer { get; } = signer;

    public PublicUrls Urls { get; } = urls;

    public LearningServices Learning { get; } = learning;

    public DateTimeOffset Now => time.GetUtcNow();

    internal async Task<CertificateRow?> FindAsync(string typedCode, bool tracked, CancellationToken cancellationToken)
    {
        if (VerificationCode.Normalize(typedCode) is not { } code)
        {
            return null;
        }

        var cached = !tracked && _freshness > TimeSpan.Zero;
        if (cached && cache.TryGetValue<CertificateRow>(CacheKey(code), out var hit))
        {
            return hit;
        }

        var certificates = tracked ? Db.Certificates : Db.Certificates.AsNoTracking();
        var row = (await RowsAsync(certificates.Where(certificate => certificate.Code == code), cancellationToken)).SingleOrDefault();
        if (cached && row is not null)
        {
            cache.Set(CacheKey(code), row, _freshness);
        }

        return row;
    }

    /// <summary>Drops a certificate from this instance's verification cache, after a change of its state.</summary>
    internal void Forget(string code) => Forget(cache, code);

    /// <inheritdoc cref="Forget(string)"/>
    internal static void Forget(IMemoryCache cache, string code) => cache.Remove(CacheKey(code));

    private static (string, string) CacheKey(string code) => ("certificate", code);

    /// <summary>Certificates with their course's slug, run's key and replacement's code, in one query.</summary>
    internal async Task<List<CertificateRow>> RowsAsync(IQueryable<Certificate> certificates, CancellationToken cancellationToken)
    {
        var rows = await certificates
            .Join(Db.Courses, certificate => certificate.CourseId, course => course.Id, (certificate, course) => new { certificate, course.Slug })
            .Join(Db.CourseRuns, x => x.certificate.RunId, run => run.Id, (x, run) => new { x.certificate, x.Slug, RunKey = run.Key })
            .Select(x => new { x.certificate, x.Slug, x.RunKey, Replacement = Db.Certificates.Where(next => next.Id == x.certificate.SupersededById).Select(next => next.Code).FirstOrDefault() })
            .OrderBy(x => x.certificate.IssuedAt)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(row => new CertificateRow(row.certificate, row.Slug, row.RunKey, row.Replacement))];
    }

    internal CertificateResponse Response(CertificateRow row) => CertificateViews.Response(row.Certificate, row.Slug, row.RunKey, row.SupersededByCode, Urls);
}

public static class CertificateEndpoints
{
    public static IServiceCollection AddCertificates(this IServiceCollection services, string dataFolder)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<PublicUrls>();
        services.AddScoped<CertificateIssuer>();
        services.AddScoped<CertificateServices>();
        services.AddSingleton(provider => new CertificateSigner(provider.GetRequiredService<IConfiguration>(), dataFolder, provider.GetRequiredService<ILogger<CertificateSigner>>()));
        return services;
    }

    public static IEndpointRouteBuilder MapCertificateEndpoints(this IEndpointRouteBuilder app)
    {
        var verification = app.MapGroup("").WithTags("Certificates").RequireRateLimiting(RateLimitSetup.Verification);
        verification.MapGet("/verify/{code}", VerifyPage).WithName("VerifyPage").WithSummary("The public verification page (HTML, en or fr).").Produces(200, contentType: "text/html");
        verification.MapGet("/api/certificates/{code}", Verify).WithName("VerifyCertificate").WithSummary("The public record of a certificate, revoked and superseded ones included.");
        verification.MapGet("/api/certificates/{code}/credential", Credential).WithName("CertificateCredential")
            .WithSummary("The certificate as an Open Badges 3.0 credential, signed as a JWT (ES256); refused (410) once revoked or superseded.").Produces(200, contentType: "application/vc+jwt");
        verification.MapGet("/api/certificates/{code}/pdf", Pdf).WithName("CertificatePdf").WithSummary("The certificate as a PDF (A4 landscape) with a QR code to its verification page.").Produces(200, contentType: "application/pdf");
        app.MapGet(CertificatesApiPaths.Jwks, (CertificateSigner signer) => TypedResults.Json(signer.Jwks(), contentType: "application/jwk-set+json"))
            .WithTags("Certificates").WithName("Jwks").WithSummary("The public keys that sign credentials.");

        var me = app.MapGroup("/api/me").WithTags("Certificates").RequireAuthorization();
        me.MapGet("/certificates", MyCertificates).WithName("MyCertificates").WithSummary("My certificates, in every state, with the scores each was issued on.");
        me.MapPost("/courses/{slug}/certificate", Claim).WithName("ClaimCertificate")
            .WithSummary("Get my certificate when I meet the rule (it is issued automatically; this catches up after a rule change). 409 says what is missing.");

        var admin = app.MapGroup("/api/admin/certificates").WithTags("Administration").RequireAuthorization(IdentitySetup.AdminPolicy);
        admin.MapPost("", IssueException).WithName("IssueCertificateException").WithSummary("Issue a certificate to a learner who does not meet the rule, with a reason.");
        admin.MapPost("/{code}/revoke", Revoke).WithName("RevokeCertificate").WithSummary("Revoke a certificate, with a reason.");
        admin.MapPost("/{code}/reinstate", Reinstate).WithName("ReinstateCertificate").WithSummary("Undo a revocation made in error, with a reason.");
        admin.MapPost("/{code}/reissue", Reissue).WithName("ReissueCertificate").WithSummary("Replace a certificate by a new one with a new code (e.g. a new legal name); the old one is superseded.");
        return app;
    }

    private static async Task<Results<Ok<CertificateResponse>, ProblemHttpResult>> Verify(string code, [FromServices] CertificateServices services, CancellationToken cancellationToken) =>
        await services.FindAsync(code, tracked: false, cancellationToken) is { } row ? TypedResults.Ok(services.Response(row)) : NotFound(code);

    private static async Task<ContentHttpResult> VerifyPage(string code, HttpContext http, [FromServices] CertificateServices services, CancellationToken cancellationToken)
    {
        var row = await services.FindAsync(code, tracked: false, cancellationToken);
        http.Response.Headers.ContentSecurityPolicy = CertificateViews.ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentLanguage = Language;
        http.Response.Headers.Vary = "Accept-Language";
        var page = CertificateViews.Page(row is null ? null : services.Response(row), code.Length > 40 ? code[..40] : code);
        return TypedResults.Content(page, "text/html; charset=utf-8", statusCode: row is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Credential(string code, [FromServices] CertificateServices services, CancellationToken cancellationToken)
    {
        if (await services.FindAsync(code, tracked: false, cancellationToken) is not { } row)
        {
            return NotFound(code);
        }

        if (!row.Certificate.IsCurrent)
        {
            return NotCurrent(services.Response(row));
        }

        var credential = OpenBadge.Credential(row, services.Urls);
        return TypedResults.Content(services.Signer.Sign(credential), "application/vc+jwt");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(string code, [FromServices] CertificateServices services, CancellationToken cancellationToken)
    {
        if (await services.FindAsync(code, tracked: false, cancellationToken) is not { } row)
        {
            return NotFound(code);
        }

        if (!row.Certificate.IsCurrent)
        {
            return NotCurrent(services.Response(row));
        }

        var pdf = CertificatePdf.Render(CertificateViews.View(row.Certificate, row.Slug, row.RunKey), services.Urls.Verification(row.Certificate.Code));
        return TypedResults.File(pdf, "application/pdf", $"certificate-{VerificationCode.Display(row.Certificate.Code)}.pdf");
    }

    private static async Task<Ok<List<MyCertificateResponse>>> MyCertificates(ClaimsPrincipal principal, [FromServices] CertificateServices services, CancellationToken cancellationToken)
    {
        var userId = services.Learning.UserId(principal);
        var rows = await services.RowsAsync(services.Db.Certificates.AsNoTracking().Where(certificate => certificate.UserId == userId), cancellationToken);
        return TypedResults.Ok(rows.Select(row => new MyCertificateResponse(services.Response(row), row.Certificate.Scores)).ToList());
    }

    private static async Task<Results<Created<CertificateResponse>, Ok<CertificateResponse>, ProblemHttpResult>> Claim(
        string slug,
        ClaimsPrincipal principal,
        [FromServices] CertificateServices services,
        CancellationToken cancellationToken)
    {
        var context = await CourseContext.LoadAsync(services.Catalog, slug, cancellationToken);
        if (context is null)
        {
            return NotFound(slug);
        }

        var userId = services.Learning.UserId(principal);
        var outcome = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            var enrollment = await services.Learning.ActiveEnrollmentAsync(userId, context.CourseId, ct);
            if (enrollment is null)
            {
                return null;
            }

            if (await services.Db.Certificates.AsNoTracking().Where(certificate => certificate.EnrollmentId == enrollment.Id).OrderByDescending(certificate => certificate.IssuedAt).Select(certificate => certificate.Code).FirstOrDefaultAsync(ct) is { } existing)
            {
                return new { Code = (string?)existing, Created = false, Eligibility = (Eligibility?)null };
            }

            var eligibility = await services.Issuer.EligibilityAsync(enrollment, context, ct);
            if (!eligibility.Eligible)
            {
                return new { Code = (string?)null, Created = false, Eligibility = (Eligibility?)eligibility };
            }

            var issued = await services.Issuer.IssueAsync(enrollment, context, IssuanceKind.Automatic, "", new Actor(userId, services.Now), ct);
            await services.Db.SaveChangesAsync(ct);
            return new { Code = (string?)issued.Code, Created = true, Eligibility = (Eligibility?)null };
        }, cancellationToken);

        if (outcome is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("You are not enrolled in this course.", "Vous n'êtes pas inscrit à ce cours."), detail: slug);
        }

        if (outcome.Eligibility is { } missing)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("You do not meet the certificate rule yet.", "Vous ne remplissez pas encore les conditions du certificat."),
                detail: Pick($"See {LearningApiPaths.Grade(slug)} for what is missing.", $"Voir {LearningApiPaths.Grade(slug)} pour ce qui manque."),
                type: "https://hiparis-mooc.dev/problems/certificate.not-eligible",
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = "certificate.not-eligible",
                    ["rules"] = missing.Rules.Where(rule => !rule.Met).Select(rule => new { rule.Rule, quiz = rule.Subject, rule.Actual, rule.Required }).ToList(),
                });
        }

        var row = (await services.FindAsync(outcome.Code!, tracked: false, cancellationToken))!;
        var response = services.Response(row);
        return outcome.Created ? TypedResults.Created(CertificatesApiPaths.Certificate(response.Code), response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Created<CertificateResponse>, ProblemHttpResult>> IssueException(
        IssueExceptionRequest request,
        ClaimsPrincipal principal,
        [FromServices] CertificateServices services,
        CancellationToken cancellationToken)
    {
        var context = await CourseContext.LoadAsync(services.Catalog, request.Course, cancellationToken);
        var normalized = Infrastructure.Identity.EmailAddresses.Key(request.Email);
        var learner = await services.Db.Users.AsNoTracking().Where(user => user.NormalizedEmail == normalized).Select(user => (Guid?)user.Id).SingleOrDefaultAsync(cancellationToken);
        if (context is null || learner is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Learner or course not found.", "Apprenant ou cours introuvable."), detail: request.Course);
        }

        var adminId = services.Learning.UserId(principal);
        var issued = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            var enrollment = await services.Learning.ActiveEnrollmentAsync(learner.Value, context.CourseId, ct);
            if (enrollment is null)
            {
                return null;
            }

            var certificate = await services.Issuer.IssueAsync(enrollment, context, IssuanceKind.Exception, request.Reason, new Actor(adminId, services.Now), ct);
            services.Db.AuditLog.Add(AuditEntry.Record(adminId, "certificate.issue-exception", learner, certificate.Code, request.Reason, services.Now));
            try
            {
                await services.Db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException race) when (ConcurrencyRetry.IsUniqueViolation(race))
            {
                throw new Domain.DomainException("certificate.already-current", "This enrolment already has a current certificate: reissue or revoke it instead.");
            }

            return certificate;
        }, cancellationToken);

        if (issued is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("The learner is not enrolled in this course.", "L'apprenant n'est pas inscrit à ce cours."), detail: request.Course);
        }

        var response = services.Response((await services.FindAsync(issued.Code, tracked: false, cancellationToken))!);
        return TypedResults.Created(CertificatesApiPaths.Certificate(response.Code), response);
    }

    private static Task<Results<Ok<CertificateResponse>, ProblemHttpResult, ValidationProblem>> Revoke(string code, ReasonRequest request, ClaimsPrincipal principal, [FromServices] CertificateServices services, CancellationToken cancellationToken) =>
        ChangeAsync(code, "certificate.revoke", request.Reason, principal, services, (certificate, actor) => certificate.Revoke(request.Reason, actor), cancellationToken);

    private static Task<Results<Ok<CertificateResponse>, ProblemHttpResult, ValidationProblem>> Reinstate(string code, ReasonRequest request, ClaimsPrincipal principal, [FromServices] CertificateServices services, CancellationToken cancellationToken) =>
        ChangeAsync(code, "certificate.reinstate", request.Reason, principal, services, (certificate, actor) => certificate.Reinstate(request.Reason, actor), cancellationToken);

    private static async Task<Results<Ok<CertificateResponse>, ProblemHttpResult, ValidationProblem>> Reissue(string code, ReissueRequest request, ClaimsPrincipal principal, [FromServices] CertificateServices services, CancellationToken cancellationToken)
    {
        if (request.HolderName is { } name && string.IsNullOrWhiteSpace(name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["holderName"] = [Pick("A name cannot be blank.", "Un nom ne peut pas être vide.")] });
        }

        return await ChangeAsync(code, "certificate.reissue", request.Reason, principal, services, (certificate, actor) =>
        {
            var replacement = certificate.Reissue(request.HolderName?.Trim() ?? certificate.HolderName, request.Reason, actor);
            services.Db.Certificates.Add(replacement);
        }, cancellationToken);
    }

    /// <summary>An admin's change of a certificate, with its reason in the audit log, in one transaction; answers the certificate as it is after.</summary>
    private static async Task<Results<Ok<CertificateResponse>, ProblemHttpResult, ValidationProblem>> ChangeAsync(
        string code,
        string action,
        string reason,
        ClaimsPrincipal principal,
        CertificateServices services,
        Action<Certificate, Actor> change,
        CancellationToken cancellationToken)
    {
        var adminId = services.Learning.UserId(principal);
        var changed = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            if (await services.FindAsync(code, tracked: true, ct) is not { } row)
            {
                return null;
            }

            change(row.Certificate, new Actor(adminId, services.Now));
            services.Db.AuditLog.Add(AuditEntry.Record(adminId, action, row.Certificate.UserId, row.Certificate.Code, reason, services.Now));
            try
            {
                await services.Db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException race) when (ConcurrencyRetry.IsUniqueViolation(race))
            {
                throw new Domain.DomainException("certificate.already-current", "This enrolment has another current certificate.");
            }

            return row.Certificate.Code;
        }, cancellationToken);
        if (changed is not null)
        {
            services.Forget(changed);
        }

        return changed is null
            ? NotFound(code)
            : TypedResults.Ok(services.Response((await services.FindAsync(changed, tracked: false, cancellationToken))!));
    }

    private static ProblemHttpResult NotFound(string code) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Certificate not found.", "Certificat introuvable."), detail: code.Length > 40 ? code[..40] : code);

    private static ProblemHttpResult NotCurrent(CertificateResponse certificate) => TypedResults.Problem(
        statusCode: StatusCodes.Status410Gone,
        title: certificate.State == "revoked" ? Pick("This certificate was revoked.", "Ce certificat a été révoqué.") : Pick("This certificate was superseded.", "Ce certificat a été remplacé."),
        detail: certificate.State == "revoked" ? certificate.RevocationReason : Pick($"See certificate {certificate.SupersededBy}.", $"Voir le certificat {certificate.SupersededBy}."),
        type: $"https://hiparis-mooc.dev/problems/certificate.{certificate.State}",
        extensions: new Dictionary<string, object?> { ["code"] = $"certificate.{certificate.State}", ["certificate"] = certificate });
}
