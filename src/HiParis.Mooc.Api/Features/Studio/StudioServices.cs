using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>The draft of a course as the studio returns it: its content, its problems, and the ETag to send back with an edit.</summary>
public sealed record DraftResponse(string Course, int Version, DateTimeOffset? UpdatedAt, IReadOnlyList<string> Problems, System.Text.Json.JsonElement Content);

/// <summary>What the studio's handlers share (taken <c>[FromServices]</c>).</summary>
public sealed class StudioServices(MoocDbContext db, CourseCatalog catalog, CourseImporter importer, TimeProvider time, NpgsqlDataSource dataSource)
{
    public MoocDbContext Db { get; } = db;

    public CourseCatalog Catalog { get; } = catalog;

    public CourseImporter Importer { get; } = importer;

    public NpgsqlDataSource DataSource { get; } = dataSource;

    public DateTimeOffset Now => time.GetUtcNow();

    public Task<Course?> CourseAsync(string slug, CancellationToken cancellationToken) =>
        Db.Courses.AsNoTracking().SingleOrDefaultAsync(course => course.Slug == slug, cancellationToken);

    public Task<CourseVersion?> DraftAsync(Guid courseId, CancellationToken cancellationToken) =>
        Db.CourseVersions.SingleOrDefaultAsync(version => version.CourseId == courseId && version.State == ContentState.Draft, cancellationToken);

    public uint ETagOf(CourseVersion version) => Db.RowVersionOf(version);

    public static IReadOnlyList<string> Problems(CoursePackage package) => [.. Check(package).Select(problem => problem.Message)];

    public static IReadOnlyList<PackageProblem> Check(CoursePackage package)
    {
        var problems = new PackageProblems();
        CoursePackageRules.Check(package, problems);
        return problems.All;
    }

    public DraftResponse Response(string slug, CourseVersion draft)
    {
        var package = CourseContentJson.Deserialize(draft.Content);
        return new DraftResponse(slug, draft.Number, draft.UpdatedAt, Problems(package), System.Text.Json.JsonSerializer.SerializeToElement(package, DraftEdits.Json));
    }

    /// <summary>Stores new draft content; its hash is the canonical form's, as for an imported package.</summary>
    public void Store(CourseVersion draft, CoursePackage package, Guid author) =>
        draft.Edit(PackageWriter.ContentHash(package), CourseContentJson.Serialize(package), author, Now);
}
