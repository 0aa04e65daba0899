using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// The verification page a person reads: the state first when the certificate no longer stands, then what it
/// certifies, a picture of it, and for a standing one the PDF, the credential and LinkedIn's "add to profile".
/// Open Graph tags make a shared link show the certificate. No script at all.
/// </summary>
internal static class VerificationPage
{
    /// <summary>The page's Content-Security-Policy: no script, styles only from the page itself, pictures from this site.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Escapes what HTML needs escaped and leaves accented letters as they are (the page is UTF-8).</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(CertificateResponse? certificate, string typedCode)
    {
        var body = new StringBuilder();
        var head = new StringBuilder();
        string title;
        if (certificate is null)
        {
            title = Pick("Certificate not found", "Certificat introuvable");
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"state invalid\" role=\"alert\">{Html.Encode(title)}</p>")
                .Append(CultureInfo.InvariantCulture, $"<p>{Html.Encode(Pick($"No certificate has the code {typedCode}. Check the code and try again.", $"Aucun certificat ne porte le code {typedCode}. Vérifiez le code et réessayez."))}</p>");
        }
        else
        {
            title = Pick($"Certificate {certificate.Code}", $"Certificat {certificate.Code}");
            Details(body, certificate);
            OpenGraph(head, certificate);
        }

        return $$"""
            <!DOCTYPE html>
            <html lang="{{Language}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Html.Encode(title)}} · Hi! PARIS MOOC</title>
            <link rel="icon" href="{{CertificatesApiPaths.Favicon}}" type="image/svg+xml">
            {{head}}<style>
            body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1b2a4a; }
            h1 { font-size: 1.5rem; } dt { font-weight: 600; margin-top: .75rem; } dd { margin: 0; }
            img { max-width: 100%; height: auto; margin-top: 1rem; border: 1px solid #ddd; }
            .state { padding: .75rem 1rem; border-radius: .5rem; font-weight: 600; }
            .valid { background: #e6f4ea; color: #0b5d1e; } .invalid { background: #fde8e8; color: #8a1c1c; } .replaced { background: #fff4e0; color: #7a4b00; }
            </style>
            </head>
            <body>
            <main>
            <h1>{{Html.Encode(Pick("Hi! PARIS MOOC certificate verification", "Vérification d'un certificat du MOOC Hi! PARIS"))}}</h1>
            {{body}}
            </main>
            </body>
            </html>
            """;
    }

    private static void Details(StringBuilder body, CertificateResponse certificate)
    {
        var (css, state) = certificate.State switch
        {
            "revoked" => ("invalid", Pick(
                $"Revoked on {Typography.Date(certificate.RevokedAt!.Value)}. {Typography.Colon("Reason")} {certificate.RevocationReason}",
                $"Révoqué le {Typography.Date(certificate.RevokedAt!.Value)}. {Typography.Colon("Motif")} {certificate.RevocationReason}")),
            "superseded" => ("replaced", Pick(
                $"Superseded on {Typography.Date(certificate.SupersededAt!.Value)} by certificate {certificate.SupersededBy}. {Typography.Colon("Reason")} {certificate.SupersessionReason}",
                $"Remplacé le {Typography.Date(certificate.SupersededAt!.Value)} par le certificat {certificate.SupersededBy}. {Typography.Colon("Motif")} {certificate.SupersessionReason}")),
            _ => ("valid", Pick("Valid certificate", "Certificat valide")),
        };
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"state {css}\" role=\"status\" data-state=\"{certificate.State}\">{Html.Encode(state)}</p>");
        if (certificate.SupersededBy is { } replacement)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Html.Encode(CertificatesApiPaths.Verify(replacement))}\">{Html.Encode(Pick("See the certificate that replaces it", "Voir le certificat qui le remplace"))}</a></p>");
        }

        body.Append("<dl>");
        Row(body, Pick("Holder", "Titulaire"), certificate.HolderName, "holder");
        Row(body, Pick("Course", "Cours"), certificate.CourseTitle, "course");
        Row(body, Pick("Session", "Session"), certificate.RunTitle, "run");
        Row(body, Pick("Issued on", "Délivré le"), Typography.Date(certificate.IssuedAt), "issued");
        Row(body, Pick("Result", "Résultat"), certificate.GradeBand, "grade");
        Row(body, Pick("Code", "Code"), certificate.Code, "code");
        body.Append("</dl>");
        if (certificate.State != "issued")
        {
            return;
        }

        var pdf = Html.Encode(Pick("Download the PDF", "Télécharger le PDF"));
        var badge = Html.Encode(Pick("Open Badges credential", "Badge numérique Open Badges"));
        var linkedIn = Html.Encode(Pick("Add to my LinkedIn profile", "Ajouter à mon profil LinkedIn"));
        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Html.Encode(certificate.PdfUrl)}\">{pdf}</a> · <a href=\"{Html.Encode(certificate.CredentialUrl)}\">{badge}</a> · <a href=\"{Html.Encode(LinkedInUrl(certificate))}\" rel=\"noopener\">{linkedIn}</a></p>")
            .Append(CultureInfo.InvariantCulture, $"<img src=\"{Html.Encode(new Uri(certificate.ImageUrl).PathAndQuery)}\" width=\"1200\" height=\"630\" alt=\"{Html.Encode(ImageAlt(certificate))}\">");
    }

    /// <summary>Link previews (Open Graph, read by LinkedIn and others): the certificate's picture, holder and course.</summary>
    private static void OpenGraph(StringBuilder head, CertificateResponse certificate)
    {
        var description = certificate.State == "issued"
            ? Pick($"{certificate.HolderName} completed {certificate.CourseTitle} ({Typography.Date(certificate.IssuedAt)}).", $"{certificate.HolderName} a réussi {certificate.CourseTitle} ({Typography.Date(certificate.IssuedAt)}).")
            : Pick("This certificate no longer stands.", "Ce certificat n'est plus valide.");
        Meta(head, "description", description, property: false);
        Meta(head, "og:type", "website");
        Meta(head, "og:site_name", IssuerProfile.Name);
        Meta(head, "og:title", $"{Typography.Colon(Pick("Certificate", "Certificat"))} {certificate.CourseTitle}");
        Meta(head, "og:description", description);
        Meta(head, "og:url", certificate.VerificationUrl);
        Meta(head, "og:locale", IsFrench ? "fr_FR" : "en_GB");
        if (certificate.State == "issued")
        {
            Meta(head, "og:image", certificate.ImageUrl);
            Meta(head, "og:image:type", "image/png");
            Meta(head, "og:image:width", "1200");
            Meta(head, "og:image:height", "630");
            Meta(head, "og:image:alt", ImageAlt(certificate));
            Meta(head, "twitter:card", "summary_large_image", property: false);
        }

        head.Append(CultureInfo.InvariantCulture, $"<link rel=\"canonical\" href=\"{Html.Encode(certificate.VerificationUrl)}\">\n");
    }

    /// <summary>LinkedIn's "add to profile" form, filled: name, organisation, year and month of issue, address and id.</summary>
    public static string LinkedInUrl(CertificateResponse certificate)
    {
        var query = new Dictionary<string, string>
        {
            ["startTask"] = "CERTIFICATION_NAME",
            ["name"] = $"{Pick("Certificate of completion", "Certificat de réussite")} – {certificate.CourseTitle}",
            ["organizationName"] = "Hi! PARIS",
            ["issueYear"] = certificate.IssuedAt.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture),
            ["issueMonth"] = certificate.IssuedAt.UtcDateTime.Month.ToString(CultureInfo.InvariantCulture),
            ["certUrl"] = certificate.VerificationUrl,
            ["certId"] = certificate.Code,
        };
        return "https://www.linkedin.com/profile/add?" + string.Join('&', query.Select(pair => $"{pair.Key}={Uri.EscapeDataString(pair.Value)}"));
    }

    private static string ImageAlt(CertificateResponse certificate) =>
        Pick($"Certificate of completion of {certificate.CourseTitle} awarded to {certificate.HolderName}", $"Certificat de réussite de {certificate.CourseTitle} délivré à {certificate.HolderName}");

    private static void Meta(StringBuilder head, string name, string content, bool property = true) =>
        head.Append(CultureInfo.InvariantCulture, $"<meta {(property ? "property" : "name")}=\"{name}\" content=\"{Html.Encode(content)}\">\n");

    private static void Row(StringBuilder body, string label, string value, string name) =>
        body.Append(CultureInfo.InvariantCulture, $"<dt>{Html.Encode(label)}</dt><dd data-field=\"{name}\">{Html.Encode(value)}</dd>");
}
