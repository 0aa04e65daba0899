namespace HiParis.Mooc.Api.Features.Certificates;

public static class CertificatesApiPaths
{
    public const string MyCertificates = "/api/me/certificates";

    public const string Jwks = "/.well-known/jwks.json";

    public const string AdminIssue = "/api/admin/certificates";

    public static string Claim(string slug) => $"/api/me/courses/{slug}/certificate";

    public static string Verify(string code) => $"/verify/{code}";

    public static string Certificate(string code) => $"/api/certificates/{code}";

    public static string Credential(string code) => $"/api/certificates/{code}/credential";

    public static string Pdf(string code) => $"/api/certificates/{code}/pdf";

    public static string Revoke(string code) => $"/api/admin/certificates/{code}/revoke";

    public static string Reinstate(string code) => $"/api/admin/certificates/{code}/reinstate";

    public static string Reissue(string code) => $"/api/admin/certificates/{code}/reissue";
}
