using HiParis.Mooc.Api.Features.Certificates.Pdf;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Api.Infrastructure.RateLimiting;
using HiParis.Mooc.Domain.Certificates;
using Microsoft.AspNetCore.Http.HttpResults;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>What anyone can check of a certificate: the page, the JSON record, the signed credential, the PDF, the keys.</summary>
public static class VerificationEndpoints
{
    public static IEndpointRouteBuilder MapVerificationEndpoints(this IEndpointRouteBuilder app)
    {
        var verification = app.MapGroup("").WithTags("Certificates").RequireRateLimiting(RateLimitSetup.Verification);
        verification.MapGet(CertificatesApiPaths.VerifyRoute, VerifyPage).WithName("VerifyPage").WithSummary("The public verification page (HTML, en or fr).").ProducesContent("text/html").ProducesContent("text/html", 404);
        verification.MapGet(CertificatesApiPaths.CertificateRoute, Verify).WithName("VerifyCertificate").WithSummary("The public record of a certificate, revoked and superseded ones included.");
        verification.MapGet(CertificatesApiPaths.CredentialRoute, Credential).WithName("CertificateCredential")
            .WithSummary("The certificate as an Open Badges 3.0 credential signed as a VC-JWT: RS256 by default, ES256 with ?alg=ES256; refused (410) once revoked or superseded.")
            .ProducesContent("application/jwt").ProducesProblems(410);
        verification.MapGet(CertificatesApiPaths.PdfRoute, Pdf).WithName("CertificatePdf").WithSummary("The certificate as a PDF (A4 landscape) with a QR code to its verification page.").ProducesContent("application/pdf").ProducesProblems(410);
        verification.MapGet(CertificatesApiPaths.ImageRoute, Image).WithName("CertificateImage").WithSummary("The certificate as a picture (PNG, 1200 × 630), for its page and link previews.").ProducesContent("image/png").ProducesProblems(410);
        return app;
    }

    private static async Task<Results<Ok<CertificateResponse>, ProblemHttpResult>> Verify(string code, CertificateRecords certificates, CancellationToken cancellationToken) =>
        await certificates.FindAsync(code, tracked: false, cancellationToken) is { } row ? TypedResults.Ok(certificates.Response(row)) : NotFound(code);

    private static async Task<ContentHttpResult> VerifyPage(string code, HttpContext http, CertificateRecords certificates, CancellationToken cancellationToken)
    {
        var row = await certificates.FindAsync(code, tracked: false, cancellationToken);
        http.Response.Headers.ContentSecurityPolicy = VerificationPage.ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentLanguage = Language;
        http.Response.Headers.Vary = "Accept-Language";
        var page = VerificationPage.Render(row is null ? null : certificates.Response(row), code.Length > 40 ? code[..40] : code);
        return TypedResults.Content(page, "text/html; charset=utf-8", statusCode: row is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> Credential(
        string code, string? alg, HttpContext http, CertificateRecords certificates, StatusLists statusLists, CertificateSigner signer, CancellationToken cancellationToken)
    {
        if (!TryAlgorithm(alg, out var algorithm, out var invalid))
        {
            return invalid;
        }

        if (await certificates.FindAsync(code, tracked: false, cancellationToken) is not { } row)
        {
            return NotFound(code);
        }

        if (!row.Certificate.IsCurrent)
        {
            return NotCurrent(certificates.Response(row));
        }

        http.Response.Headers.AccessControlAllowOrigin = "*";
        return TypedResults.Content(signer.Sign(OpenBadge.Credential(row, certificates.Urls, statusLists), algorithm, certificates.Urls), "application/jwt");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Image(string code, CertificateRecords certificates, CancellationToken cancellationToken)
    {
        if (await certificates.FindAsync(code, tracked: false, cancellationToken) is not { } row)
        {
            return NotFound(code);
        }

        return row.Certificate.IsCurrent
            ? TypedResults.File(CertificatePicture.Png(CertificateViews.View(row.Certificate, row.Slug, row.RunKey)), "image/png")
            : NotCurrent(certificates.Response(row));
    }

    /// <summary>The signing algorithm a request asks for with <c>?alg=</c>: RS256 when it asks none, 400 for one not offered.</summary>
    internal static bool TryAlgorithm(string? alg, out SigningAlgorithm algorithm, out ValidationProblem invalid)
    {
        invalid = null!;
        if (string.IsNullOrEmpty(alg))
        {
            algorithm = SigningAlgorithm.RS256;
            return true;
        }

        foreach (var offered in Enum.GetValues<SigningAlgorithm>())
        {
            if (string.Equals(alg, offered.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = offered;
                return true;
            }
        }

        algorithm = default;

        invalid = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["alg"] = [Pick("Offered: RS256 (the default) or ES256.", "Proposés : RS256 (par défaut) ou ES256.")] });
        return false;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(string code, CertificateRecords certificates, CancellationToken cancellationToken)
    {
        if (await certificates.FindAsync(code, tracked: false, cancellationToken) is not { } row)
        {
            return NotFound(code);
        }

        if (!row.Certificate.IsCurrent)
        {
            return NotCurrent(certificates.Response(row));
        }

        var pdf = CertificatePdf.Render(CertificateViews.View(row.Certificate, row.Slug, row.RunKey), certificates.Urls.Verification(row.Certificate.Code));
        return TypedResults.File(pdf, "application/pdf", $"certificate-{VerificationCode.Display(row.Certificate.Code)}.pdf");
    }

    internal static ProblemHttpResult NotFound(string code) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Certificate not found.", "Certificat introuvable."), detail: code.Length > 40 ? code[..40] : code);

    private static ProblemHttpResult NotCurrent(CertificateResponse certificate) => TypedResults.Problem(
        statusCode: StatusCodes.Status410Gone,
        title: certificate.State == "revoked" ? Pick("This certificate was revoked.", "Ce certificat a été révoqué.") : Pick("This certificate was superseded.", "Ce certificat a été remplacé."),
        detail: certificate.State == "revoked" ? certificate.RevocationReason ?? Pick("Revoked.", "Révoqué.") : Pick($"See certificate {certificate.SupersededBy}.", $"Voir le certificat {certificate.SupersededBy}."),
        type: $"https://hiparis-mooc.dev/problems/certificate.{certificate.State}",
        extensions: new Dictionary<string, object?> { ["code"] = $"certificate.{certificate.State}", ["certificate"] = certificate });
}
