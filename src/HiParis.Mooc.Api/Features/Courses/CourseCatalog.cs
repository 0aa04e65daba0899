using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace HiParis.Mooc.Api.Features.Courses;

/// <summary>
/// The published courses. Each request asks PostgreSQL only which versions are published (slug and
/// hash); the content of a version is parsed once per process and kept by its hash, so a publish on
/// any instance is seen at once by every instance.
/// </summary>
public sealed class CourseCatalog(MoocDbContext db, IMemoryCache cache)
{
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

    private async Task<CoursePackage> LoadAsync(Guid versionId, string hash, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue<CoursePackage>($"course-content:{hash}", out var cached) && cached is not null)
        {
            return cached;
        }

        var content = await db.CourseVersions.AsNoTracking().Where(version => version.Id == versionId).Select(version => version.Content).SingleAsync(cancellationToken);
        var course = CourseContentJson.Deserialize(content);
        cache.Set($"course-content:{hash}", course, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1) });
        return course;
    }
}

public sealed record PublishedCourse(Guid CourseId, Guid VersionId, int VersionNumber, CoursePackage Package);
