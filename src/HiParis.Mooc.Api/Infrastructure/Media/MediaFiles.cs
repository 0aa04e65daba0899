using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Infrastructure.Media;

/// <summary>
/// Where a package's media path (<c>&lt;slug&gt;/…</c>, see <see cref="MediaPaths"/>) is on disk: under
/// <c>Media:Root</c> first (large files, outside git), then in the package's own <c>media/</c> folder with the
/// leading <c>&lt;slug&gt;/</c> removed. A path never resolves outside those folders: unsafe names are refused,
/// and a symbolic link that leads out of its folder is not followed.
/// </summary>
public sealed class MediaFiles(string root, string? coursesDirectory)
{
    public const string PackageFolder = "media";

    /// <summary><c>Media:Root</c>, where rendered and uploaded media go.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The folder of course packages, whose <c>media/</c> folders are searched after the root.</summary>
    public string? CoursesDirectory { get; } = coursesDirectory;

    /// <summary><c>Media:Root</c>, else <c>&lt;Mooc:DataDirectory&gt;/media</c>.</summary>
    public static MediaFiles From(IConfiguration configuration, string dataDirectory, string? coursesDirectory) =>
        new(configuration["Media:Root"] is { Length: > 0 } configured ? configured : Path.Combine(dataDirectory, "media"), coursesDirectory);

    /// <summary>
    /// The existing file that <paramref name="mediaPath"/> names, or null. <paramref name="packageDir"/> is the
    /// package's folder when it is not under the courses folder (a package validated from elsewhere).
    /// </summary>
    public string? Find(string mediaPath, string? packageDir = null)
    {
        if (!MediaPaths.IsSafePath(mediaPath))
        {
            return null;
        }

        if (Confined(Root, mediaPath) is { } inRoot)
        {
            return inRoot;
        }

        var slash = mediaPath.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        packageDir ??= CoursesDirectory is null ? null : Path.Combine(CoursesDirectory, mediaPath[..slash]);
        return packageDir is null ? null : Confined(Path.Combine(packageDir, PackageFolder), mediaPath[(slash + 1)..]);
    }

    /// <summary>
    /// The media files of a course, by their media path (<c>&lt;slug&gt;/…</c>): those under the root first, then
    /// those of the package's <c>media/</c> folder that the root does not hold; only files a path can name.
    /// </summary>
    public IEnumerable<(string MediaPath, string File)> Under(string slug)
    {
        HashSet<string> seen = new(StringComparer.Ordinal);
        var folders = new[] { Path.Combine(Root, slug) }
            .Concat(CoursesDirectory is null ? [] : [Path.Combine(CoursesDirectory, slug, PackageFolder)]);
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var mediaPath = $"{slug}/{Path.GetRelativePath(folder, file).Replace('\\', '/')}";
                if (MediaPaths.IsSafePath(mediaPath) && Find(mediaPath) == file && seen.Add(mediaPath))
                {
                    yield return (mediaPath, file);
                }
            }
        }
    }

    /// <summary>Where a file for <paramref name="mediaPath"/> is written under the root (rendered videos), or null for an unsafe path.</summary>
    public string? RootPath(string mediaPath) =>
        MediaPaths.IsSafePath(mediaPath) ? Path.GetFullPath(Path.Combine(Root, mediaPath)) : null;

    private static string? Confined(string folder, string relative)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var baseDir = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(baseDir, relative));
        if (!full.StartsWith(baseDir + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            return null;
        }

        var realBase = RealPath(baseDir);
        var real = RealPath(full);
        return realBase is not null && real is not null && real.StartsWith(realBase + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>The path with every symbolic link on the way resolved (null when links loop).</summary>
    private static string? RealPath(string path)
    {
        var current = Path.GetPathRoot(path)!;
        var pending = new Queue<string>(path[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        for (var links = 0; pending.TryDequeue(out var segment);)
        {
            var next = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > 40)
            {
                return null;
            }

            // The link's target takes the place of this segment, and is itself resolved segment by segment.
            var resolved = Path.GetFullPath(target, current);
            var rest = pending.ToArray();
            current = Path.GetPathRoot(resolved)!;
            pending = new Queue<string>([.. resolved[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries), .. rest]);
        }

        return current;
    }
}
