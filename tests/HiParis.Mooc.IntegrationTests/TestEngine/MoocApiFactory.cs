using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Respawn;
using Respawn.Graph;

namespace HiParis.Mooc.IntegrationTests.TestEngine;

/// <summary>
/// The API on its own database (one per test class), reset between tests. E-mail goes to a folder of
/// the factory's own (the development sink), read back by <see cref="Mailbox"/>.
/// </summary>
public class MoocApiFactory(TestDatabase database) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _workFolder = Path.Combine(Path.GetTempPath(), $"hiparis-mooc-api-{Guid.NewGuid():N}");
    private Respawner? _respawner;

    public const string PublicBaseUrl = "https://mooc.example.org";

    public string ConnectionString { get; protected set; } = "";

    public Mailbox Mailbox => new(Path.Combine(_workFolder, "mail"));

    /// <summary>The API's media root (<c>Media:Root</c>): rendered and uploaded media go there.</summary>
    public string MediaRoot => Path.Combine(_workFolder, "media");

    /// <summary>Every answer checked against docs/api/openapi.json (see <see cref="ApiContract"/>).</summary>
    public ApiContract Contract { get; } = new();

    /// <summary>The API's clock: tests move it instead of waiting.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>The repository's root, for the shipped courses and the test packages.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    protected TestDatabase Database => database;

    /// <summary>The database of another instance this one shares (two instances on one PostgreSQL), or null for a database of its own.</summary>
    protected virtual string? SharedConnectionString => null;

    public virtual async ValueTask InitializeAsync()
    {
        ConnectionString = SharedConnectionString ?? await database.CreateDatabaseAsync();
    }

    /// <summary>Empties every table but the seeded ones, the mailbox and the media root.</summary>
    public async ValueTask ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = [new Table("__ef_migrations_history"), new Table("roles"), new Table("data_protection_keys")],
        });
        await _respawner.ResetAsync(connection);
        Mailbox.Clear();

        // A file left by an earlier test would turn the next upload of its path into a replacement.
        if (Directory.Exists(MediaRoot))
        {
            Directory.Delete(MediaRoot, recursive: true);
        }

        Clock.Reset();
        // Media files are state too: a test that placed a video must not turn another's upload into a replacement.
        if (Directory.Exists(MediaRoot))
        {
            Directory.Delete(MediaRoot, recursive: true);
        }
    }

    public async Task<long> CountRowsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // The web app's scripts and styles from the build's manifest (Development does this by itself; a publish puts them in wwwroot).
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Mooc", ConnectionString);
        builder.UseSetting("Mooc:DataDirectory", _workFolder);
        builder.UseSetting("Email:PickupDirectory", Path.Combine(_workFolder, "mail"));

        // The host links point to; outside Development it is also the one host answered besides loopback.
        builder.UseSetting("Mooc:PublicBaseUrl", PublicBaseUrl);

        // Tests read the mailbox right after the answer: a unit of work's messages are sent right after its
        // commit, in the request, and no background dispatcher runs (OutboxTests cover it).
        builder.UseSetting("Email:SendInBackground", "false");

        // Tests move the clock by days; tokens must outlive that.
        builder.UseSetting("Identity:AccessTokenMinutes", "525600");

        // Account checks read the database on every request, so that a test sees a lock or a logout at once.
        builder.UseSetting("Identity:AccountCheckSeconds", "0");

        // Tests reset the database under a running host: the published course must be read afresh.
        builder.UseSetting("Courses:PublishedCacheSeconds", "0");

        // Tests sign up and watch fast, from one address: the abuse limits are tested with their own factory.
        builder.UseSetting("RateLimits:AccountPerMinute", "100000");
        builder.UseSetting("RateLimits:PerAccountPerMinute", "100000");
        builder.UseSetting("RateLimits:HeartbeatsPerMinute", "100000");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock).AddApiContract(Contract));
    }

    /// <summary>Stops the API as a deploy would, keeping its database and its mailbox for the test to read.</summary>
    public Task StopHostAsync() => Services.GetRequiredService<IHost>().StopAsync();

    /// <summary>Runs a service of the API in a scope of its own, as a request would.</summary>
    public async Task<TResult> WithScopeAsync<TService, TResult>(Func<TService, Task<TResult>> action)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HiParis.Mooc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (HiParis.Mooc.sln) was not found.");
    }

    protected virtual Task ReleaseDatabaseAsync() => SharedConnectionString is null ? database.DropDatabaseAsync(ConnectionString) : Task.CompletedTask;

    public override async ValueTask DisposeAsync()
    {
        var violations = Contract.Violations.ToList();
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ReleaseDatabaseAsync();
        if (Directory.Exists(_workFolder))
        {
            Directory.Delete(_workFolder, recursive: true);
        }

        GC.SuppressFinalize(this);
        Assert.True(violations.Count == 0, "The API broke its contract:\n" + string.Join("\n", violations.Distinct()));
    }
}
