using System.Text.RegularExpressions;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>
/// How a package names a media file (a video, a poster, an image): a relative path that starts with the
/// course's slug, such as <c>understanding-ai/origins/thinking-machines.en.webm</c>, or an absolute https URL.
/// A path never leaves the media roots: no <c>..</c>, no absolute path, no backslash.
/// </summary>
public static partial class MediaPaths
{
    public const int MaxLength = 300;

    public static bool IsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && value.Length <= 2000;

    /// <summary>A safe relative path: segments of letters, digits, '.', '_' and '-', none starting with a dot.</summary>
    public static bool IsSafePath(string value) => value.Length <= MaxLength && SafePath().IsMatch(value);

    /// <summary>A safe path under the course's own folder (<c>&lt;slug&gt;/…</c>).</summary>
    public static bool IsCoursePath(string value, string slug) =>
        IsSafePath(value) && value.StartsWith(slug + "/", StringComparison.Ordinal);

    /// <summary>A problem with <paramref name="value"/> as the media reference of a course, or null when it is one.</summary>
    public static string? Problem(string? value, string slug, string what) =>
        value is null || IsUrl(value) || IsCoursePath(value, slug)
            ? null
            : $"{what} '{value}' must be an https URL or a media path under '{slug}/' (letters, digits, '.', '_', '-'; no '..')";

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*$")]
    private static partial Regex SafePath();
}
