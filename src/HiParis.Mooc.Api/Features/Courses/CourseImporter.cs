using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
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

/// <summary>
/// Stores a valid package as the course's new published version, unless it equals the published one
/// (then nothing is written). Runs and item keys follow the new version; dropped ones are archived.
/// </summary>
public sealed class CourseImporter(MoocDbContext db, TimeProvider time, IMemoryCache cache)
{
    public async Task<ImportResult> ImportAsync(CoursePackage package, CancellationToken cancellationToken)
    {
        var hash = PackageWriter.ContentHash(package);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Two imports of one course (two instances starting together) take turns.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"course:" + package.Slug}))", cancellationToken);
            var now = time.GetUtcNow();
            var course = await db.Courses.SingleOrDefaultAsync(c => c.Slug == package.Slug, cancellationToken);
            var published = course is null
                ? null
                : await db.CourseVersions.SingleOrDefaultAsync(v => v.CourseId == course.Id && v.State == ContentState.Published, cancellationToken);
            if (published?.ContentHash == hash)
            {
                return new ImportResult(package.Slug, ImportOutcome.Unchanged, published.Number, 0);
            }

            var outcome = course is null ? ImportOutcome.Created : ImportOutcome.Updated;
            if (course is null)
            {
                course = Course.Create(package.Slug, now);
                db.Courses.Add(course);
            }

            var number = 1 + (await db.CourseVersions.Where(v => v.CourseId == course.Id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0);
            if (published is not null)
            {
                published.Archive();

                // The partial unique index allows one published version: archive first, then insert.
                await db.SaveChangesAsync(cancellationToken);
            }

            db.CourseVersions.Add(CourseVersion.Published(course.Id, number, hash, CourseContentJson.Serialize(package), now));
            await SyncRunsAsync(course.Id, package, now, cancellationToken);
            var archived = await SyncItemsAsync(course.Id, package, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            CourseCatalog.Forget(cache, package.Slug);
            return new ImportResult(package.Slug, outcome, number, archived);
        });
    }

    /// <summary>
    /// Publishes a course's draft: the published version is archived, the draft becomes the version
    /// learners see, runs and item keys follow it. Returns the new version's number.
    /// </summary>
    /// <remarks>
    /// The draft is read inside the transaction and must still be the one the caller checked
    /// (<paramref name="expectedVersion"/>, its xmin); an edit committed after that read makes the publish
    /// fail its concurrency check. <paramref name="check"/> validates the content actually published.
    /// </remarks>
    public async Task<int> PublishDraftAsync(string slug, Guid courseId, uint expectedVersion, Func<CoursePackage, IReadOnlyList<string>> check, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"course:" + slug}))", cancellationToken);
            var now = time.GetUtcNow();
            var draft = await db.CourseVersions.SingleOrDefaultAsync(version => version.CourseId == courseId && version.State == ContentState.Draft, cancellationToken);
            if (draft is null || db.Entry(draft).Property<uint>("Version").CurrentValue != expectedVersion)
            {
                throw new DbUpdateConcurrencyException("The draft changed since it was read.");
            }

            var package = CourseContentJson.Deserialize(draft.Content);
            if (check(package) is { Count: > 0 } problems)
            {
                throw new DraftNotPublishableException(problems);
            }

            if (await db.CourseVersions.SingleOrDefaultAsync(version => version.CourseId == courseId && version.State == ContentState.Published, cancellationToken) is { } published)
            {
                published.Archive();
                await db.SaveChangesAsync(cancellationToken);
            }

            draft.Publish(now);
            await SyncRunsAsync(courseId, package, now, cancellationToken);
            await SyncItemsAsync(courseId, package, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            CourseCatalog.Forget(cache, slug);
            return draft.Number;
        });
    }

    private async Task SyncRunsAsync(Guid courseId, CoursePackage package, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var runs = await db.CourseRuns.Where(run => run.CourseId == courseId).ToDictionaryAsync(run => run.Key, cancellationToken);
        foreach (var spec in package.Runs)
        {
            if (runs.Remove(spec.Key, out var run))
            {
                run.Update(spec);
            }
            else
            {
                db.CourseRuns.Add(CourseRun.Create(courseId, spec, now));
            }
        }

        foreach (var dropped in runs.Values)
        {
            dropped.Archive();
        }
    }

    private async Task<int> SyncItemsAsync(Guid courseId, CoursePackage package, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var items = await db.CourseItems.Where(item => item.CourseId == courseId).ToDictionaryAsync(item => item.Key, cancellationToken);
        foreach (var module in package.Modules)
        {
            foreach (var spec in module.Items)
            {
                if (items.Remove(spec.Key, out var item))
                {
                    item.Update(module.Key, spec);
                }
                else
                {
                    db.CourseItems.Add(CourseItem.Create(courseId, module.Key, spec, now));
                }
            }
        }

        var archived = 0;
        foreach (var dropped in items.Values.Where(item => item.ArchivedAt is null))
        {
            dropped.Archive(now);
            archived++;
        }

        return archived;
    }
}
