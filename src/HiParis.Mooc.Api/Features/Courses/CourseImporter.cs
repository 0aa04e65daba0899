using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace HiParis.Mooc.Api.Features.Courses;

public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,
}

public sealed record ImportResult(string Slug, ImportOutcome Outcome, int Version, int ArchivedItems);

/// <summary>The draft about to be published breaks package rules (it can only be found in the publishing transaction).</summary>
public sealed class DraftNotPublishableException(IReadOnlyList<string> problems) : Exception("The draft cannot be published.")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>The draft changed since the caller read it (its ETag no longer matches).</summary>
public sealed class DraftChangedException() : Domain.DomainException("concurrency-conflict", "The draft changed since it was read: reload it and try again.");

/// <summary>
/// Stores a valid package as the course's new published version, unless it equals the published one
/// (then nothing is written), and publishes drafts: both through the domain's <see cref="Publication"/>.
/// </summary>
public sealed class CourseImporter(MoocDbContext db, TimeProvider time, IMemoryCache cache)
{
    /// <summary>Who imports at start-up or from the command line: the platform itself.</summary>
    private static readonly Guid Platform = Guid.Empty;

    public async Task<ImportResult> ImportAsync(CoursePackage package, CancellationToken cancellationToken)
    {
        var hash = PackageWriter.ContentHash(package);
        return await InCourseTransactionAsync(package.Slug, async actor =>
        {
            var course = await db.Courses.SingleOrDefaultAsync(c => c.Slug == package.Slug, cancellationToken);
            var published = course is null ? null : await PublishedAsync(course.Id, cancellationToken);
            if (published?.ContentHash == hash)
            {
                return new ImportResult(package.Slug, ImportOutcome.Unchanged, published.Number, 0);
            }

            var outcome = course is null ? ImportOutcome.Created : ImportOutcome.Updated;
            if (course is null)
            {
                course = Course.Create(package.Slug, actor.Now);
                db.Courses.Add(course);
            }

            var next = CourseVersion.Draft(course.Id, await NextNumberAsync(course.Id, cancellationToken), hash, CourseContentJson.Serialize(package), null, actor.Now);
            var result = await PublishAsync(course, next, published, package, actor, cancellationToken);
            db.CourseVersions.Add(next);
            await db.SaveChangesAsync(cancellationToken);
            return new ImportResult(package.Slug, outcome, next.Number, result.ArchivedItems);
        }, Platform, cancellationToken);
    }

    /// <summary>
    /// Publishes a course's draft: the published version is archived, the draft becomes the version
    /// learners see, runs and item keys follow it. Returns the new version's number.
    /// </summary>
    /// <remarks>
    /// The draft is read inside the transaction and must still be the one the caller checked
    /// (<paramref name="expectedVersion"/>, its xmin). <paramref name="check"/> validates the content actually published.
    /// </remarks>
    public Task<int> PublishDraftAsync(string slug, Guid courseId, uint expectedVersion, Func<CoursePackage, IReadOnlyList<string>> check, Guid publisher, CancellationToken cancellationToken) =>
        InCourseTransactionAsync(slug, async actor =>
        {
            var course = await db.Courses.SingleAsync(candidate => candidate.Id == courseId, cancellationToken);
            var draft = await db.CourseVersions.SingleOrDefaultAsync(version => version.CourseId == courseId && version.State == ContentState.Draft, cancellationToken);
            if (draft is null || db.RowVersionOf(draft) != expectedVersion)
            {
                throw new DraftChangedException();
            }

            var package = CourseContentJson.Deserialize(draft.Content);
            if (check(package) is { Count: > 0 } problems)
            {
                throw new DraftNotPublishableException(problems);
            }

            await PublishAsync(course, draft, await PublishedAsync(courseId, cancellationToken), package, actor, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return draft.Number;
        }, publisher, cancellationToken);

    /// <summary>One change of a course's versions at a time (two instances importing at start-up take turns), in one transaction.</summary>
    private async Task<T> InCourseTransactionAsync<T>(string slug, Func<Actor, Task<T>> work, Guid actorId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"course:" + slug}))", cancellationToken);
        var result = await work(new Actor(actorId, time.GetUtcNow()));
        await transaction.CommitAsync(cancellationToken);
        CourseCatalog.Forget(cache, slug);
        return result;
    }

    private async Task<PublicationResult> PublishAsync(Course course, CourseVersion next, CourseVersion? current, CoursePackage package, Actor actor, CancellationToken cancellationToken)
    {
        if (current is not null)
        {
            // The partial unique index allows one published version: the retired one is written first.
            Publication.Retire(current, actor);
            await db.SaveChangesAsync(cancellationToken);
        }

        var runs = await db.CourseRuns.Where(run => run.CourseId == course.Id).ToListAsync(cancellationToken);
        var items = await db.CourseItems.Where(item => item.CourseId == course.Id).ToListAsync(cancellationToken);
        var result = Publication.Publish(course, next, package, runs, items, actor);

        db.CourseRuns.AddRange(result.NewRuns);
        db.CourseItems.AddRange(result.NewItems);
        return result;
    }

    private Task<CourseVersion?> PublishedAsync(Guid courseId, CancellationToken cancellationToken) =>
        db.CourseVersions.SingleOrDefaultAsync(version => version.CourseId == courseId && version.State == ContentState.Published, cancellationToken);

    private async Task<int> NextNumberAsync(Guid courseId, CancellationToken cancellationToken) =>
        1 + (await db.CourseVersions.Where(version => version.CourseId == courseId).MaxAsync(version => (int?)version.Number, cancellationToken) ?? 0);
}
