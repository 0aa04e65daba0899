using System.Globalization;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Certificates;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// A certificate as an Open Badges 3.0 <c>OpenBadgeCredential</c> (W3C Verifiable Credentials 2.0), the JWT
/// claims of its VC-JWT beside it (OB 3.0 §8.2.4.1): <c>iss</c> = issuer.id, <c>sub</c> = credentialSubject.id,
/// <c>jti</c> = id, <c>nbf</c> = validFrom, <c>iat</c>. ADR 21.
/// </summary>
internal static class OpenBadge
{
    public const string CredentialsContext = "https://www.w3.org/ns/credentials/v2";
    public const string OpenBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
    public const string Schema = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

    public static JsonElement Credential(CertificateRow row, PublicUrls urls, StatusLists statusLists)
    {
        var certificate = row.Certificate;
        var entry = certificate.CurrentStatusEntry ?? throw new InvalidOperationException($"Certificate {certificate.Code} does not stand: it has no credential.");
        var issuer = IssuerProfile.Id(urls);
        var id = urls.Absolute(CertificatesApiPaths.Certificate(VerificationCode.Display(certificate.Code)));
        var subject = $"urn:uuid:{certificate.SubjectId}";
        var issued = DateTimeOffset.FromUnixTimeSeconds(certificate.IssuedAt.ToUnixTimeSeconds());
        var course = CatalogMapping.Local(certificate.CourseTitle);
        var credential = new Dictionary<string, object?>
        {
            ["@context"] = new[] { CredentialsContext, OpenBadgesContext },
            ["id"] = id,
            ["type"] = new[] { "VerifiableCredential", "OpenBadgeCredential" },
            ["issuer"] = IssuerProfile.Reference(urls),
            ["validFrom"] = Timestamp(issued),
            ["name"] = $"{Typography.Colon(Pick("Certificate of completion", "Certificat de réussite"))} {course}",
            ["credentialSubject"] = new Dictionary<string, object?>
            {
                ["id"] = subject,
                ["type"] = new[] { "AchievementSubject" },

                // The name printed on the certificate, in clear: it is what the holder shows and what the verification page shows.
                ["identifier"] = new[] { new Dictionary<string, object?> { ["type"] = "IdentityObject", ["identityType"] = "name", ["hashed"] = false, ["identityHash"] = certificate.HolderName } },
                ["achievement"] = Achievement(row, urls, course),
            },
            ["credentialStatus"] = statusLists.Entry(entry),
            ["credentialSchema"] = new[] { new Dictionary<string, object?> { ["id"] = Schema, ["type"] = "1EdTechJsonSchemaValidator2019" } },
            ["iss"] = issuer,
            ["sub"] = subject,
            ["jti"] = id,
            ["nbf"] = issued.ToUnixTimeSeconds(),
            ["iat"] = issued.ToUnixTimeSeconds(),
        };
        return JsonSerializer.SerializeToElement(credential);
    }

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// The achievement: the course's certificate, earned by its rule, or the same course's certificate awarded
    /// as an exception (a different achievement, whose criteria say so).
    /// </summary>
    private static Dictionary<string, object?> Achievement(CertificateRow row, PublicUrls urls, string course)
    {
        var certificate = row.Certificate;
        var exception = certificate.Kind == IssuanceKind.Exception;
        var run = CatalogMapping.Local(certificate.RunTitle);
        return new()
        {
            ["id"] = urls.Absolute(CoursesApiPaths.Course(row.Slug)) + (exception ? "#certificate-by-exception" : "#certificate"),
            ["type"] = new[] { "Achievement" },
            ["achievementType"] = "Certificate",
            ["name"] = $"{Typography.Colon(Pick("Certificate of completion", "Certificat de réussite"))} {course}",
            ["description"] = Pick(
                $"Completion of the Hi! PARIS online course {Typography.Quoted(course)}, followed in the session {Typography.Quoted(run)}.",
                $"Réussite du cours en ligne Hi! PARIS {Typography.Quoted(course)}, suivi dans la session {Typography.Quoted(run)}."),
            ["criteria"] = new Dictionary<string, object?> { ["narrative"] = exception ? ExceptionCriteria() : RuleCriteria(certificate.Scores) },
            ["image"] = new Dictionary<string, object?>
            {
                ["id"] = urls.Absolute(CertificatesApiPaths.Badge(row.Slug)),
                ["type"] = "Image",
                ["caption"] = Pick($"Badge of the course {course}", $"Badge du cours {course}"),
            },
            ["inLanguage"] = Language,
        };
    }

    private static string ExceptionCriteria() => Pick(
        "Awarded as an exception by the platform's administrators, on a reason they recorded: the learner did not meet the course's certificate rule.",
        "Délivré à titre exceptionnel par les administrateurs de la plateforme, pour un motif qu'ils ont consigné : l'apprenant ne remplissait pas la règle du certificat du cours.");

    /// <summary>The course's certificate rule as it stood when the certificate was issued.</summary>
    private static string RuleCriteria(IssuedScores scores)
    {
        List<string> parts = [Pick($"a course grade of at least {Typography.Percent(scores.MinGrade)} across the course's graded quizzes", $"une note d'au moins {Typography.Percent(scores.MinGrade)} aux quiz notés du cours")];
        if (scores.MinLessonsCompleted is { } lessons)
        {
            parts.Add(Pick($"at least {Typography.Percent(lessons)} of the video lessons watched", $"au moins {Typography.Percent(lessons)} des leçons vidéo regardées"));
        }

        if (scores.AllQuizzesPassed == true)
        {
            parts.Add(Pick("every quiz passed", "chaque quiz réussi"));
        }

        var rule = string.Join(Pick(", and ", " et "), parts);
        return Pick(
            $"Awarded automatically when the learner met the course's certificate rule (course version {scores.CourseVersion}): {rule}.",
            $"Délivré automatiquement quand l'apprenant a rempli la règle du certificat du cours (version {scores.CourseVersion} du cours){Typography.NoBreakSpace}: {rule}.");
    }
}

/// <summary>The issuer of every credential: an Open Badges <c>Profile</c> served at its own id.</summary>
internal static class IssuerProfile
{
    public const string Name = "Hi! PARIS MOOC";

    public static string Id(PublicUrls urls) => urls.Absolute(CertificatesApiPaths.Issuer);

    /// <summary>The issuer as a credential names it.</summary>
    public static Dictionary<string, object?> Reference(PublicUrls urls) => new()
    {
        ["id"] = Id(urls),
        ["type"] = new[] { "Profile" },
        ["name"] = Name,
        ["url"] = urls.BaseUrl,
    };

    /// <summary>The document at the issuer's id.</summary>
    public static Dictionary<string, object?> Document(PublicUrls urls) => new(Reference(urls))
    {
        ["@context"] = new[] { OpenBadge.CredentialsContext, OpenBadge.OpenBadgesContext },
        ["description"] = Pick(
            "The Hi! PARIS online courses: certificates of completion, verifiable by anyone.",
            "Les cours en ligne de Hi! PARIS : des certificats de réussite que chacun peut vérifier."),
        ["image"] = new Dictionary<string, object?> { ["id"] = urls.Absolute(CertificatesApiPaths.Favicon), ["type"] = "Image", ["caption"] = Name },
    };
}
