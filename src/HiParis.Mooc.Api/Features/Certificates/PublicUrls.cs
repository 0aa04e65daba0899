namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// Absolute addresses printed on certificates and sent by e-mail: under <c>Mooc:PublicBaseUrl</c>, never under
/// the address the request came to (its <c>Host</c> header is the client's to choose).
/// </summary>
public sealed class PublicUrls(IConfiguration configuration)
{
    public string BaseUrl => Infrastructure.Security.PublicBaseUrl.From(configuration);

    public string Verification(string code) => BaseUrl + CertificatesApiPaths.Verify(Domain.Certificates.VerificationCode.Display(code));

    public string Absolute(string path) => BaseUrl + path;
}
