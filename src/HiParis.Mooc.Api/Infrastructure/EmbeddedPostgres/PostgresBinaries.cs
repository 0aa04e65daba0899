namespace HiParis.Mooc.Api.Infrastructure.EmbeddedPostgres;

/// <summary>
/// The installed PostgreSQL server programs (<c>initdb</c>, <c>pg_ctl</c>): on PATH first, then the
/// newest of Debian's <c>/usr/lib/postgresql/*/bin</c>.
/// </summary>
public sealed record PostgresBinaries(string Directory)
{
    public const string NotFoundMessage =
        "No PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under /usr/lib/postgresql/*/bin. " +
        "Either install PostgreSQL (e.g. 'apt-get install postgresql'), " +
        "or run 'docker compose up' to get the database and the API together, " +
        "or point the service at a running server with ConnectionStrings__Mooc " +
        "(e.g. 'Host=localhost;Database=mooc;Username=mooc;Password=...').";

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public static PostgresBinaries? Find(string? path = null, string debianRoot = "/usr/lib/postgresql")
    {
        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (HasServerPrograms(dir))
            {
                return new PostgresBinaries(dir);
            }
        }

        if (!System.IO.Directory.Exists(debianRoot))
        {
            return null;
        }

        return System.IO.Directory.GetDirectories(debianRoot)
            .Select(versionDir => (Version: ParseMajor(Path.GetFileName(versionDir)), Bin: Path.Combine(versionDir, "bin")))
            .Where(candidate => candidate.Version > 0 && HasServerPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => new PostgresBinaries(candidate.Bin))
            .FirstOrDefault();
    }

    private static bool HasServerPrograms(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) &&
        File.Exists(Path.Combine(dir, "postgres"));

    private static int ParseMajor(string name) => int.TryParse(name, out var major) ? major : 0;
}
