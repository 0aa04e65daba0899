using System.Text.Json.Serialization;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Domain.Certificates;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// The public record of a certificate, as the verification page, the JSON and the PDF show it. A revoked one
/// shows its reason's category (<c>revocationReason</c> is its label), never what the admin wrote.
/// </summary>
public sealed record CertificateResponse(
    string Code,
    string State,
    string HolderName,
    string Course,
    string CourseTitle,
    string Run,
    string RunTitle,
    DateTimeOffset IssuedAt,
    string GradeBand,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RevokedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RevocationCategory? RevocationCategory,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RevocationReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SupersededAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SupersessionReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SupersededBy,
    string VerificationUrl,
    string CredentialUrl,
    string PdfUrl,
    string ImageUrl);

/// <summary>My certificate, with the scores it was issued on.</summary>
public sealed record MyCertificateResponse(CertificateResponse Certificate, IssuedScores Scores);

/// <summary>Labels of the certificate in the request's language.</summary>
public sealed record CertificateLabels(string Heading, string Certifies, string Completed, string Code, string VerifyAt);

/// <summary>What a certificate shows, localised: the source of the page, the PDF and the JSON.</summary>
public sealed record CertificateView(
    string Code,
    CertificateState State,
    string HolderName,
    string CourseSlug,
    string CourseTitle,
    string RunKey,
    string RunTitle,
    string IssuedOn,
    string GradeBand,
    CertificateLabels Labels);

internal static class CertificateViews
{
    /// <summary>
    /// A grade band rather than the grade itself, for the public: the French mentions (très bien from 80%,
    /// bien from 70%, assez bien from 60%) and their English counterparts.
    /// </summary>
    public static string GradeBand(decimal grade) => grade switch
    {
        >= 0.8m => Pick("Distinction", "Mention très bien"),
        >= 0.7m => Pick("Merit", "Mention bien"),
        >= 0.6m => Pick("Credit", "Mention assez bien"),
        _ => Pick("Pass", "Admis"),
    };

    public static CertificateView View(Certificate certificate, string courseSlug, string runKey) => new(
        certificate.Code,
        certificate.State,
        certificate.HolderName,
        courseSlug,
        CatalogMapping.Local(certificate.CourseTitle),
        runKey,
        CatalogMapping.Local(certificate.RunTitle),
        Typography.Date(certificate.IssuedAt),
        GradeBand(certificate.Scores.Grade),
        new CertificateLabels(
            Pick("Certificate of completion", "Certificat de réussite"),
            Pick("This certifies that", "Ce certificat atteste que"),
            Pick("has successfully completed the course", "a suivi avec succès le cours"),
            Pick("Certificate code", "Code du certificat"),
            Pick("Verify this certificate at", "Vérifiez ce certificat sur")));

    public static CertificateResponse Response(Certificate certificate, string courseSlug, string runKey, string? supersededByCode, PublicUrls urls)
    {
        var view = View(certificate, courseSlug, runKey);
        var display = VerificationCode.Display(certificate.Code);
        return new CertificateResponse(
            display,
            PackageNames.Snake(certificate.State.ToString()),
            view.HolderName,
            courseSlug,
            view.CourseTitle,
            runKey,
            view.RunTitle,
            certificate.IssuedAt,
            view.GradeBand,
            PackageNames.Snake(certificate.Kind.ToString()),
            certificate.RevokedAt,
            certificate.RevocationCategory,
            certificate.State == CertificateState.Revoked ? RevocationLabel(certificate.RevocationCategory) : null,
            certificate.SupersededAt,
            certificate.SupersessionReason,
            supersededByCode is null ? null : VerificationCode.Display(supersededByCode),
            urls.Verification(certificate.Code),
            urls.Absolute(CertificatesApiPaths.Credential(display)),
            urls.Absolute(CertificatesApiPaths.Pdf(display)),
            urls.Absolute(CertificatesApiPaths.Image(display)));
    }

    /// <summary>What the public reads of why a certificate was revoked.</summary>
    public static string RevocationLabel(RevocationCategory? category) => category switch
    {
        RevocationCategory.IssuedInError => Pick("Issued in error", "Délivré par erreur"),
        RevocationCategory.HolderRequest => Pick("At the holder's request", "À la demande du titulaire"),
        RevocationCategory.AcademicMisconduct => Pick("Academic misconduct", "Manquement à l'intégrité académique"),
        RevocationCategory.IdentityNotConfirmed => Pick("Identity not confirmed", "Identité non confirmée"),
        _ => Pick("No reason given", "Motif non précisé"),
    };
}
