using System.Globalization;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.DataProtection;

namespace HiParis.Mooc.Api.Infrastructure.Media;

/// <summary>
/// The addresses learners get for media (ADR 20). A package's media path is served by this host under
/// <c>/media/</c> with a signature that expires: <c>?exp=&lt;unix time&gt;&amp;sig=&lt;token&gt;</c>, the token an
/// authenticated encryption of the path and the expiry by the Data Protection key ring, which every instance
/// shares (it is kept in PostgreSQL), so any instance verifies what another signed. With an absolute
/// <c>Media:BaseUrl</c> (a CDN) the address points there instead, and an https URL in the package is kept.
/// A file that is not there yet (a draft video still rendering) gets no address at all.
/// </summary>
public sealed class MediaLinks(IDataProtectionProvider protection, MediaFiles files, IConfiguration configuration, TimeProvider time)
{
    public const string RoutePrefix = "/media/";

    /// <summary>How long a signed address works: a long lecture, paused and resumed, with room to spare.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);

    private readonly IDataProtector _protector = protection.CreateProtector("HiParis.Mooc.Media.v1");

    private string? BaseUrl => configuration["Media:BaseUrl"] is { Length: > 0 } configured && Uri.TryCreate(configured, UriKind.Absolute, out _)
        ? configured.TrimEnd('/') + "/"
        : null;

    /// <summary>
    /// The address of a media path or URL of a package; null when the file is not there (yet). A public one
    /// (<see cref="CoursePackage.PublicMedia"/>) needs no signature, so the public pages that show it stay cacheable.
    /// </summary>
    public string? For(string? pathOrUrl, bool isPublic = false)
    {
        if (string.IsNullOrEmpty(pathOrUrl))
        {
            return null;
        }

        if (MediaPaths.IsUrl(pathOrUrl))
        {
            return pathOrUrl;
        }

        if (BaseUrl is { } cdn)
        {
            return MediaPaths.IsSafePath(pathOrUrl) ? cdn + pathOrUrl : null;
        }

        if (files.Find(pathOrUrl) is null)
        {
            return null;
        }

        if (isPublic)
        {
            return RoutePrefix + Escape(pathOrUrl);
        }

        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{RoutePrefix}{Escape(pathOrUrl)}?exp={expires}&sig={_protector.Protect(Payload(pathOrUrl, expires))}";
    }

    /// <summary>Whether <paramref name="signature"/> signs <paramref name="path"/> until <paramref name="expires"/>, and that time has not come.</summary>
    public bool IsValid(string path, string? expires, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || unix < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        try
        {
            return _protector.Unprotect(signature) == Payload(path, expires!);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    private static string Payload(string path, string expires) => $"{path}\n{expires}";

    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}

/// <summary>The media types of the files a course serves, by extension.</summary>
public static class MediaTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".webm"] = "video/webm",
        [".mp4"] = "video/mp4",
        [".m4v"] = "video/mp4",
        [".vtt"] = "text/vtt; charset=utf-8",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp",
    };

    public static string? Of(string path) => ByExtension.GetValueOrDefault(Path.GetExtension(path));
}
