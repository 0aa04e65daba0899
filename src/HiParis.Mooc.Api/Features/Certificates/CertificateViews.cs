using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json.Serialization;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Domain.Certificates;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>The public record of a certificate, as the verification page, the JSON and the PDF show it.</summary>
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RevocationReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SupersededAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SupersessionReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SupersededBy,
    string VerificationUrl,
    string CredentialUrl,
    string PdfUrl);

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
    /// <summary>Escapes what HTML needs escaped and leaves accented letters as they are (the page is UTF-8).</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

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
        certificate.IssuedAt.ToString(IsFrench ? "d MMMM yyyy" : "MMMM d, yyyy", CultureInfo.GetCultureInfo(Language)),
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
            certificate.RevocationReason,
            certificate.SupersededAt,
            certificate.SupersessionReason,
            supersededByCode is null ? null : VerificationCode.Display(supersededByCode),
            urls.Verification(certificate.Code),
            urls.Absolute(CertificatesApiPaths.Credential(display)),
            urls.Absolute(CertificatesApiPaths.Pdf(display)));
    }

    /// <summary>The verification page: a real page a person reads, with the state first when it is not valid.</summary>
    public static string Page(CertificateResponse? certificate, string typedCode)
    {
        var html = Html;
        var body = new StringBuilder();
        string title;
        if (certificate is null)
        {
            title = Pick("Certificate not found", "Certificat introuvable");
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"state invalid\" role=\"alert\">{html.Encode(title)}</p>")
                .Append(CultureInfo.InvariantCulture, $"<p>{html.Encode(Pick($"No certificate has the code {typedCode}. Check the code and try again.", $"Aucun certificat ne porte le code {typedCode}. Vérifiez le code et réessayez."))}</p>");
        }
        else
        {
            title = Pick($"Certificate {certificate.Code}", $"Certificat {certificate.Code}");
            var (css, state) = certificate.State switch
            {
                "revoked" => ("invalid", Pick(
                    $"Revoked on {Date(certificate.RevokedAt!.Value)}. Reason: {certificate.RevocationReason}",
                    $"Révoqué le {Date(certificate.RevokedAt!.Value)}. Motif : {certificate.RevocationReason}")),
                "superseded" => ("replaced", Pick(
                    $"Superseded on {Date(certificate.SupersededAt!.Value)} by certificate {certificate.SupersededBy}. Reason: {certificate.SupersessionReason}",
                    $"Remplacé le {Date(certificate.SupersededAt!.Value)} par le certificat {certificate.SupersededBy}. Motif : {certificate.SupersessionReason}")),
                _ => ("valid", Pick("Valid certificate", "Certificat valide")),
            };
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"state {css}\" role=\"status\" data-state=\"{certificate.State}\">{html.Encode(state)}</p>");
            if (certificate.SupersededBy is { } replacement)
            {
                body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{html.Encode(CertificatesApiPaths.Verify(replacement))}\">{html.Encode(Pick("See the certificate that replaces it", "Voir le certificat qui le remplace"))}</a></p>");
            }

            body.Append("<dl>");
            Row(body, Pick("Holder", "Titulaire"), certificate.HolderName, "holder");
            Row(body, Pick("Course", "Cours"), certificate.CourseTitle, "course");
            Row(body, Pick("Session", "Session"), certificate.RunTitle, "run");
            Row(body, Pick("Issued on", "Délivré le"), Date(certificate.IssuedAt), "issued");
            Row(body, Pick("Result", "Résultat"), certificate.GradeBand, "grade");
            Row(body, Pick("Code", "Code"), certificate.Code, "code");
            body.Append("</dl>");
            if (certificate.State == "issued")
            {
                body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{html.Encode(certificate.PdfUrl)}\">{html.Encode(Pick("Download the PDF", "Télécharger le PDF"))}</a> · <a href=\"{html.Encode(certificate.CredentialUrl)}\">{html.Encode(Pick("Open Badges credential", "Badge numérique Open Badges"))}</a></p>");
            }
        }

        return $$"""
            <!DOCTYPE html>
            <html lang="{{Language}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{html.Encode(title)}} · Hi! PARIS MOOC</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1b2a4a; }
            h1 { font-size: 1.5rem; } dt { font-weight: 600; margin-top: .75rem; } dd { margin: 0; }
            .state { padding: .75rem 1rem; border-radius: .5rem; font-weight: 600; }
            .valid { background: #e6f4ea; color: #0b5d1e; } .invalid { background: #fde8e8; color: #8a1c1c; } .replaced { background: #fff4e0; color: #7a4b00; }
            </style>
            </head>
            <body>
            <h1>{{html.Encode(Pick("Hi! PARIS MOOC certificate verification", "Vérification d'un certificat du MOOC Hi! PARIS"))}}</h1>
            {{body}}
            </body>
            </html>
            """;
    }

    /// <summary>The page's Content-Security-Policy: no script at all, styles only from the page itself.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static void Row(StringBuilder body, string label, string value, string name) =>
        body.Append(CultureInfo.InvariantCulture, $"<dt>{Html.Encode(label)}</dt><dd data-field=\"{name}\">{Html.Encode(value)}</dd>");

    private static string Date(DateTimeOffset at) =>
        at.ToString(IsFrench ? "d MMMM yyyy" : "MMMM d, yyyy", CultureInfo.GetCultureInfo(Language));
}
