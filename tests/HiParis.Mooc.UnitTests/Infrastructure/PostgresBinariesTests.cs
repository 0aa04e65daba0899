using HiParis.Mooc.Api.Infrastructure.EmbeddedPostgres;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class PostgresBinariesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pgbin-").FullName;

    [Fact]
    public void Find_WhenNothingIsOnPathOrUnderTheDebianRoot_ReturnsNull() =>
        Assert.Null(PostgresBinaries.Find(path: "", debianRoot: Path.Combine(_root, "missing")));

    [Fact]
    public void Find_WhenSeveralVersionsAreInstalled_PicksTheNewest()
    {
        MakeServer(Path.Combine(_root, "lib", "13", "bin"));
        MakeServer(Path.Combine(_root, "lib", "16", "bin"));
        Directory.CreateDirectory(Path.Combine(_root, "lib", "17", "bin"));

        var found = PostgresBinaries.Find(path: "", debianRoot: Path.Combine(_root, "lib"));

        Assert.Equal(Path.Combine(_root, "lib", "16", "bin"), found?.Directory);
    }

    [Fact]
    public void Find_WhenTheServerIsOnPath_PrefersPath()
    {
        var onPath = Path.Combine(_root, "path-bin");
        MakeServer(onPath);
        MakeServer(Path.Combine(_root, "lib", "16", "bin"));

        var found = PostgresBinaries.Find(path: $"/nonexistent{Path.PathSeparator}{onPath}", debianRoot: Path.Combine(_root, "lib"));

        Assert.Equal(onPath, found?.Directory);
    }

    [Fact]
    public void NotFoundMessage_NamesTheThreeWaysOut()
    {
        Assert.Contains("install PostgreSQL", PostgresBinaries.NotFoundMessage, StringComparison.Ordinal);
        Assert.Contains("docker compose up", PostgresBinaries.NotFoundMessage, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Mooc", PostgresBinaries.NotFoundMessage, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void MakeServer(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var program in new[] { "initdb", "pg_ctl", "postgres" })
        {
            File.WriteAllText(Path.Combine(dir, program), "");
        }
    }
}
