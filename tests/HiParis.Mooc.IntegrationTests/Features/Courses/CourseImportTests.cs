using HiParis.Mooc.Api.Cli;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Npgsql;

namespace HiParis.Mooc.IntegrationTests.Features.Courses;

public sealed class CourseImportTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Import_TheSamePackageTwice_TheSecondChangesNothing()
    {
        var package = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);

        var first = await api.ImportAsync(package);
        var snapshot = await SnapshotAsync();
        var second = await api.ImportAsync(CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse));

        Assert.Equal(ImportOutcome.Created, first.Outcome);
        Assert.Equal(ImportOutcome.Unchanged, second.Outcome);
        Assert.Equal(1, second.Version);
        Assert.Equal(snapshot, await SnapshotAsync());
        Assert.Equal(package.Items.Count(), await api.CountRowsAsync("course_items"));
        Assert.Equal(2, await api.CountRowsAsync("course_runs"));
    }

    [Fact]
    public async Task Import_AChangedPackage_PublishesANewVersion_AndArchivesDroppedItemsInsteadOfDeletingThem()
    {
        var original = CoursePackageFixtures.Read(CoursePackageFixtures.TinyCourse);
        await api.ImportAsync(original);
        var module = original.Modules[0];
        var changed = original with
        {
            Title = new() { ["en"] = "A tiny course, revised", ["fr"] = "Un petit cours, revu" },
            Modules = [module with { Items = [.. module.Items.Where(item => item.Key != "read-me")] }],
        };

        var result = await api.ImportAsync(changed);

        Assert.Equal(ImportOutcome.Updated, result.Outcome);
        Assert.Equal(2, result.Version);
        Assert.Equal(1, result.ArchivedItems);
        Assert.Equal(["Archived:1", "Published:2"], await QueryAsync("SELECT state || ':' || number FROM course_versions ORDER BY number"));
        Assert.Equal(["read-me:archived", "tiny-check:live", "tiny-practice:live", "welcome:live"], await QueryAsync(
            "SELECT key || ':' || CASE WHEN archived_at IS NULL THEN 'live' ELSE 'archived' END FROM course_items ORDER BY key"));

        var restored = await api.ImportAsync(original);
        Assert.Equal(3, restored.Version);
        Assert.Equal(["read-me:live", "tiny-check:live", "tiny-practice:live", "welcome:live"], await QueryAsync(
            "SELECT key || ':' || CASE WHEN archived_at IS NULL THEN 'live' ELSE 'archived' END FROM course_items ORDER BY key"));
    }

    [Fact]
    public async Task Import_InParallel_PublishesOneVersionOnly()
    {
        var package = CoursePackageFixtures.Read(CoursePackageFixtures.TinyCourse);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.ImportAsync(package)));

        Assert.Single(results, result => result.Outcome == ImportOutcome.Created);
        Assert.Equal(1, await api.CountRowsAsync("course_versions"));
    }

    [Fact]
    public async Task ImportThenExport_ThroughTheCli_ReproducesTheShippedCourseByteForByte()
    {
        var target = Directory.CreateTempSubdirectory("mooc-export-").FullName;
        try
        {
            Assert.Equal(0, await MoocCli.RunAsync(["courses", "import", CoursePackageFixtures.ShippedCourse], api.Services));
            Assert.Equal(0, await MoocCli.RunAsync(["courses", "export", "understanding-ai", target], api.Services));

            // Media files (the cover) are served from the package's media/ folder, not carried by its content.
            var expected = Files(CoursePackageFixtures.ShippedCourse, withMedia: false);
            var exported = Files(Path.Combine(target, "understanding-ai"));
            Assert.Equal(expected.Keys, exported.Keys);
            foreach (var (path, bytes) in expected)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(exported[path]), $"{path} differs after the round trip.");
            }
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task CliImport_OfAnInvalidPackage_FailsAndWritesNothing()
    {
        var broken = Path.Combine(MoocApiFactory.RepositoryRoot, "tests", "HiParis.Mooc.UnitTests", "CoursePackages", "broken", "duplicate-key", "tiny");

        var exitCode = await MoocCli.RunAsync(["courses", "import", broken], api.Services);

        Assert.Equal(1, exitCode);
        Assert.Equal(0, await api.CountRowsAsync("courses"));
    }

    private static SortedDictionary<string, byte[]> Files(string dir, bool withMedia = true) => new(
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(file => withMedia || !Path.GetRelativePath(dir, file).StartsWith("media" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToDictionary(file => Path.GetRelativePath(dir, file), File.ReadAllBytes),
        StringComparer.Ordinal);

    private async Task<string> SnapshotAsync() => string.Join('|', await QueryAsync(
        "SELECT id || ':' || state || ':' || content_hash FROM course_versions UNION ALL SELECT id || ':' || coalesce(archived_at::text, '') FROM course_items UNION ALL SELECT id || ':' || archived FROM course_runs ORDER BY 1"));

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        List<string> rows = [];
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
