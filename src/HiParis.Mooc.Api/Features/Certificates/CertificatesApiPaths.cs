using HiParis.Mooc.Api.Infrastructure.Http;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>The certificate routes: one template each, mapped by the endpoints and filled for links and tests.</summary>
public static class CertificatesApiPaths
{
    public const string MyCertificates = "/api/me/certificates";
    public const string Jwks = "/.well-known/jwks.json";
    public const string AdminIssue = "/api/admin/certificates";
    public const string ClaimRoute = "/api/me/courses/{slug}/certificate";
    public const string VerifyRoute = "/verify/{code}";
    public const string CertificateRoute = "/api/certificates/{code}";
    public const string CredentialRoute = "/api/certificates/{code}/credential";
    public const string PdfRoute = "/api/certificates/{code}/pdf";
    public const string RevokeRoute = "/api/admin/certificates/{code}/revoke";
    public const string ReinstateRoute = "/api/admin/certificates/{code}/reinstate";
    public const string ReissueRoute = "/api/admin/certificates/{code}/reissue";
    public const string ImageRoute = "/api/certificates/{code}/image.png";
    public const string Issuer = "/api/issuer";
    public const string IssuerKeyRoute = "/api/issuer/keys/{keyId}";
    public const string StatusListRoute = "/api/status-lists/{list}";
    public const string BadgeRoute = "/api/badges/{slug}.svg";
    public const string Favicon = "/favicon.svg";

    public static string Claim(string slug) => RouteTemplate.Fill(ClaimRoute, slug);

    public static string Verify(string code) => RouteTemplate.Fill(VerifyRoute, code);

    public static string Certificate(string code) => RouteTemplate.Fill(CertificateRoute, code);

    public static string Credential(string code) => RouteTemplate.Fill(CredentialRoute, code);

    public static string Pdf(string code) => RouteTemplate.Fill(PdfRoute, code);

    public static string Revoke(string code) => RouteTemplate.Fill(RevokeRoute, code);

    public static string Reinstate(string code) => RouteTemplate.Fill(ReinstateRoute, code);

    public static string Reissue(string code) => RouteTemplate.Fill(ReissueRoute, code);

    public static string Image(string code) => RouteTemplate.Fill(ImageRoute, code);

    public static string IssuerKey(string keyId) => RouteTemplate.Fill(IssuerKeyRoute, keyId);

    public static string StatusList(long list) => RouteTemplate.Fill(StatusListRoute, list.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string Badge(string slug) => RouteTemplate.Fill(BadgeRoute, slug);
}
