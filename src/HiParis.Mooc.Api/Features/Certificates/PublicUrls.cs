namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// Absolute addresses printed on certificates and sent by e-mail: under <c>Mooc:PublicBaseUrl</c> when it is
/// set (it should be, behind a proxy), else under the address the request came to.
/// </summary>
public sealed class PublicUrls(IConfiguration configuration, IHttpContextAccessor accessor)
{
    public string BaseUrl
    {
        get
        {
            if (configuration["Mooc:PublicBaseUrl"] is { Length: > 0 } configured)
            {
                return configured.TrimEnd('/');
            }

            var request = accessor.HttpContext?.Request;
            return request is null ? "http://localhost" : $"{request.Scheme}://{request.Host}";
        }
    }

    public string Verification(string code) => BaseUrl + CertificatesApiPaths.Verify(Domain.Certificates.VerificationCode.Display(code));

    public string Absolute(string path) => BaseUrl + path;
}
