using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace HiParis.Mooc.Api.Features.Courses;

/// <summary>
/// The published courses. The content of a version is parsed once per process and kept by its hash.
/// Which version of a course is published, with its runs, is kept for <c>Courses:PublishedCacheSeconds</c>
/// (default 2): a publish or import on this instance is seen at once (it drops the entry), one on
/// another instance within that time. 0 asks PostgreSQL on every request.
/// </summary>
public sealed class CourseCatalog(MoocDbContext db, IMemoryCache cache, CourseContentReads reads, IConfiguration configuration)
{
    private readonly TimeSpan _freshness = TimeSpan.FromSeconds(configuration.GetValue("Courses:PublishedCacheSeconds", 2.0));

    /// <summary>Forgets what this instance knows of a course's published version (after a publish or an import).</summary>
    public static void Forget(IMemoryCache cache, string slug) => cache.Remove(PublishedKey(slug));

    private static (string, string) PublishedKey(string slug) => ("published-course", slug);

    /// <summary>The published course with its runs, from the cache when it is fresh enough; null when there is none.</summary>
    public async Task<CourseEdition?> EditionAsync(string slug, CancellationToken cancellationToken)
    {
        if (_freshness > TimeSpan.Zero && cache.TryGetValue<CourseEdition>(PublishedKey(slug), out var cached) && cached is not null)
        {
            return cached;
        }

        if (await PublishedCourseAsync(slug, cancellationToken) is not { } published)
        {
            return null;
        }

        IReadOnlyList<CourseRun> runs = await db.CourseRuns.AsNoTracking().Where(run => run.CourseId == published.CourseId).ToListAsync(cancellationToken);
        var edition = new CourseEdition(published.CourseId, published.VersionId, published.VersionNumber, published.Package, runs);
        if (_freshness > TimeSpan.Zero)
        {
            cache.Set(PublishedKey(slug), edition, _freshness);
        }

        return edition;
    }

    public async Task<IReadOnlyList<CoursePackage>> PublishedAsync(CancellationToken cancellationToken)
    {
        var published = await db.CourseVersions.AsNoTracking()
            .Where(version => version.State == ContentState.Published)
            .Join(db.Courses, version => version.CourseId, course => course.Id, (version, course) => new { course.Slug, version.Id, version.ContentHash })
            .OrderBy(row => row.Slug)
            .ToListAsync(cancellationToken);
        List<CoursePackage> courses = [];
        foreach (var row in published)
        {
            courses.Add(await LoadAsync(row.Id, row.ContentHash, cancellationToken));
        }

        return courses;
    }

    public async Task<CoursePackage?> PublishedAsync(string slug, CancellationToken cancellationToken) =>
        (await PublishedCourseAsync(slug, cancellationToken))?.Package;

    /// <summary>The published course and its id, in one query (plus the content, once per version).</summary>
    public async Task<PublishedCourse?> PublishedCourseAsync(string slug, CancellationToken cancellationToken)
    {
        var row = await db.CourseVersions.AsNoTracking()
            .Where(version => version.State == ContentState.Published)
            .Join(db.Courses.Where(course => course.Slug == slug), version => version.CourseId, course => course.Id, (version, course) => new { version.Id, version.CourseId, version.Number, version.ContentHash })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : new PublishedCourse(row.CourseId, row.Id, row.Number, await LoadAsync(row.Id, row.ContentHash, cancellationToken));
    }

    /// <summary>The content of any version, published or not (what an attempt started on an earlier version is graded on).</summary>
    public async Task<CoursePackage?> VersionAsync(Guid versionId, CancellationToken cancellationToken)
    {
        var hash = await db.CourseVersions.AsNoTracking().Where(version => version.Id == versionId).Select(version => version.ContentHash).SingleOrDefaultAsync(cancellationToken);
        return hash is null ? null : await LoadAsync(versionId, hash, cancellationToken);
    }

    private async Task<CoursePackage> LoadAsync(Guid versionId, string hash, CancellationToken cancellationToken) =>
        Cached(hash) ?? await reads.ReadOnceAsync(hash, async () =>
        {
            if (Cached(hash) is { } read)
            {
                return read; // a read that ended since the look above
            }

            var content = await db.CourseVersions.AsNoTracking().Where(version => version.Id == versionId).Select(version => version.Content).SingleAsync(CancellationToken.None);
            var course = CourseContentJson.Deserialize(content);
            cache.Set(ContentKey(hash), course, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1) });
            return course;
        }, cancellationToken);

    private static (string, string) ContentKey(string hash) => ("course-content", hash);

    private CoursePackage? Cached(string hash) => cache.TryGetValue<CoursePackage>(ContentKey(hash), out var course) ? course : null;
}

public sealed record PublishedCourse(Guid CourseId, Guid VersionId, int VersionNumber, CoursePackage Package);
