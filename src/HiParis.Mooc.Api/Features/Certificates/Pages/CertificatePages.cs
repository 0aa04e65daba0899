namespace HiParis.Mooc.Api.Features.Certificates.Pages;

/// <summary>The learner's certificates page; the public verification page is <see cref="CertificatesApiPaths.VerifyRoute"/>.</summary>
public static class CertificatePages
{
    public const string Mine = "/certificates";

    /// <summary>
    /// LinkedIn's "add to profile" address, filled with the certificate (its documented parameters for a
    /// certification: name, organisation, issue date, the verification address and the code).
    /// </summary>
    public static string LinkedIn(CertificateResponse certificate) =>
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"
        + $"&name={Uri.EscapeDataString(certificate.CourseTitle)}"
        + $"&organizationName={Uri.EscapeDataString("Hi! PARIS")}"
        + $"&issueYear={certificate.IssuedAt.UtcDateTime.Year}&issueMonth={certificate.IssuedAt.UtcDateTime.Month}"
        + $"&certUrl={Uri.EscapeDataString(certificate.VerificationUrl)}"
        + $"&certId={Uri.EscapeDataString(certificate.Code)}";
}
