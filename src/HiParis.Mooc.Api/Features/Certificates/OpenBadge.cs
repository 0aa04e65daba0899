using System.Text.Json;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Certificates;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>A certificate as an Open Badges 3.0 <c>OpenBadgeCredential</c> (W3C Verifiable Credentials 2.0).</summary>
internal static class OpenBadge
{
    public static JsonElement Credential(CertificateRow row, PublicUrls urls)
    {
        var certificate = row.Certificate;
        var issuer = urls.BaseUrl;
        var id = urls.Absolute(CertificatesApiPaths.Certificate(VerificationCode.Display(certificate.Code)));
        var credential = new Dictionary<string, object?>
        {
            ["@context"] = new[] { "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" },
            ["id"] = id,
            ["type"] = new[] { "VerifiableCredential", "OpenBadgeCredential" },
            ["issuer"] = new Dictionary<string, object?> { ["id"] = issuer, ["type"] = new[] { "Profile" }, ["name"] = "Hi! PARIS MOOC", ["url"] = issuer },
            ["validFrom"] = certificate.IssuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["name"] = CatalogMapping.Local(certificate.CourseTitle),
            ["credentialSubject"] = new Dictionary<string, object?>
            {
                // OB 3.0 needs an id or an identifier for the subject: an opaque URN of the learner, no personal data.
                ["id"] = $"urn:uuid:{certificate.UserId}",
                ["type"] = new[] { "AchievementSubject" },
                ["name"] = certificate.HolderName,
                ["achievement"] = new Dictionary<string, object?>
                {
                    ["id"] = urls.Absolute(CoursesApiPaths.Course(row.Slug)),
                    ["type"] = new[] { "Achievement" },
                    ["achievementType"] = "Certificate",
                    ["name"] = CatalogMapping.Local(certificate.CourseTitle),
                    ["description"] = CatalogMapping.Local(certificate.RunTitle),
                    ["criteria"] = new Dictionary<string, object?>
                    {
                        ["narrative"] = $"Course grade of at least {certificate.Scores.MinGrade:P0} across the course's quizzes, as the course's certificate rule sets.",
                    },
                },
            },
            ["iss"] = issuer,
            ["jti"] = id,
            ["nbf"] = certificate.IssuedAt.ToUnixTimeSeconds(),
            ["iat"] = certificate.IssuedAt.ToUnixTimeSeconds(),
        };
        return JsonSerializer.SerializeToElement(credential);
    }
}
