using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// What a verifier dereferences from a credential: the issuer's profile, each key by its <c>kid</c>, every key
/// at once, the status lists and the achievement's badge. Public, cacheable, readable from any origin.
/// </summary>
public static class IssuerEndpoints
{
    public static IEndpointRouteBuilder MapIssuerEndpoints(this IEndpointRouteBuilder app)
    {
        var issuer = app.MapGroup("").WithTags("Certificates");
        issuer.MapGet(CertificatesApiPaths.Issuer, Profile).WithName("IssuerProfile").WithSummary("The issuer of every credential: an Open Badges 3.0 Profile, served at its id.");
        issuer.MapGet(CertificatesApiPaths.IssuerKeyRoute, Key).WithName("IssuerKey").WithSummary("One public key as a JWK: a credential's kid is this address.").Produces<PublicJsonWebKey>(200, "application/jwk+json");
        issuer.MapGet(CertificatesApiPaths.Jwks, Jwks).Produces<PublicKeySet>(200, "application/jwk-set+json").WithName("Jwks").WithSummary("The public keys that sign credentials (RS256 and ES256).");
        issuer.MapGet(CertificatesApiPaths.StatusListRoute, StatusList).WithName("StatusList")
            .WithSummary("A W3C Bitstring Status List credential (revocation), signed as a JWT like the credentials (RS256, or ES256 with ?alg=ES256).")
            .ProducesContent("application/jwt");
        issuer.MapGet(CertificatesApiPaths.BadgeRoute, Badge).WithName("AchievementBadge").WithSummary("The badge of a course's certificate (SVG), the image of its Open Badges achievement.").ProducesContent("image/svg+xml");
        issuer.MapGet(CertificatesApiPaths.Favicon, Favicon).WithName("Favicon").WithSummary("The site's icon (SVG).").ProducesContent("image/svg+xml");
        return app;
    }

    private static Ok<Dictionary<string, object?>> Profile(HttpContext http, PublicUrls urls)
    {
        Public(http, TimeSpan.FromHours(1));
        return TypedResults.Ok(IssuerProfile.Document(urls));
    }

    private static Results<JsonHttpResult<PublicJsonWebKey>, ProblemHttpResult> Key(string keyId, HttpContext http, CertificateSigner signer, PublicUrls urls)
    {
        if (signer.Key(keyId, urls) is not { } key)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Infrastructure.Localization.Text.Pick("No such key.", "Clé introuvable."), detail: keyId.Length > 64 ? keyId[..64] : keyId);
        }

        Public(http, TimeSpan.FromHours(1));
        return TypedResults.Json(key, contentType: "application/jwk+json");
    }

    private static JsonHttpResult<PublicKeySet> Jwks(HttpContext http, CertificateSigner signer, PublicUrls urls)
    {
        Public(http, TimeSpan.FromHours(1));
        return TypedResults.Json(signer.Jwks(urls), contentType: "application/jwk-set+json");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> StatusList(
        long list, string? alg, HttpContext http, StatusLists lists, CertificateSigner signer, PublicUrls urls, CancellationToken cancellationToken)
    {
        if (!VerificationEndpoints.TryAlgorithm(alg, out var algorithm, out var invalid))
        {
            return invalid;
        }

        if (list < 0 || await lists.CredentialAsync(list, cancellationToken) is not { } credential)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Infrastructure.Localization.Text.Pick("No such status list.", "Liste de statuts introuvable."), detail: list.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Public(http, lists.MaxAge);
        return TypedResults.Content(signer.Sign(credential, algorithm, urls), "application/jwt");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Badge(string slug, HttpContext http, CourseCatalog catalog, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition)
        {
            return VerificationEndpoints.NotFound(slug);
        }

        Public(http, TimeSpan.FromHours(1));
        http.Response.Headers.ContentSecurityPolicy = PictureSecurityPolicy;
        return TypedResults.Content(CertificateImages.Badge(CatalogMapping.Local(edition.Package.Title)), "image/svg+xml; charset=utf-8");
    }

    private static ContentHttpResult Favicon(HttpContext http)
    {
        Public(http, TimeSpan.FromDays(1));
        http.Response.Headers.ContentSecurityPolicy = PictureSecurityPolicy;
        return TypedResults.Content(CertificateImages.Favicon, "image/svg+xml; charset=utf-8");
    }

    /// <summary>An SVG opened on its own runs nothing and loads nothing, whatever a course title holds.</summary>
    private const string PictureSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

    /// <summary>A document any verifier may read, from any origin (a wallet in a browser too), and keep for a while.</summary>
    internal static void Public(HttpContext http, TimeSpan maxAge)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.CacheControl = $"public, max-age={(long)maxAge.TotalSeconds}";
        http.Response.Headers.Vary = HeaderNames.AcceptLanguage;
    }
}
