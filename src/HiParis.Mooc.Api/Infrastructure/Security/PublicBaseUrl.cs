namespace HiParis.Mooc.Api.Infrastructure.Security;

/// <summary>
/// <c>Mooc:PublicBaseUrl</c>, the address learners reach the platform at: every absolute link the platform
/// writes (e-mails, certificates) starts with it, never with the request's <c>Host</c> header.
/// </summary>
public static class PublicBaseUrl
{
    public const string Key = "Mooc:PublicBaseUrl";

    public const string Default = "http://localhost:5080";

    /// <summary>The configured base URL, without a trailing slash; a value that is not an absolute http(s) URL stops the start.</summary>
    public static string From(IConfiguration configuration)
    {
        var configured = configuration[Key] is { Length: > 0 } value ? value : Default;
        return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? configured.TrimEnd('/')
            : throw new InvalidOperationException($"{Key} must be an absolute http or https URL, not '{configured}'.");
    }

    /// <summary>A link the framework built from the request, moved under the public base URL (path and query kept).</summary>
    public static string Rebase(IConfiguration configuration, string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) ? From(configuration) + uri.PathAndQuery : From(configuration) + "/" + link.TrimStart('/');
}
