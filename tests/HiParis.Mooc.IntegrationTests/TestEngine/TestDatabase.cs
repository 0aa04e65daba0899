using HiParis.Mooc.Api.Infrastructure.EmbeddedPostgres;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

[assembly: AssemblyFixture(typeof(HiParis.Mooc.IntegrationTests.TestEngine.TestDatabase))]

namespace HiParis.Mooc.IntegrationTests.TestEngine;

/// <summary>
/// The PostgreSQL server of the test run: <c>MOOC_TEST_PG</c> when set (a connection string with the
/// right to create databases), else one throwaway embedded cluster (fsync off) for the whole run.
/// The schema is migrated once into a template; each test class gets its own copy of it.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private readonly string _template = $"mooc_template_{Guid.NewGuid():N}";
    private EmbeddedPostgresCluster? _cluster;
    private string _serverConnectionString = "";

    public PostgresBinaries? Binaries { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("MOOC_TEST_PG");
        Binaries = PostgresBinaries.Find();
        if (!string.IsNullOrWhiteSpace(external))
        {
            _serverConnectionString = external;
        }
        else
        {
            var binaries = Binaries ?? throw new InvalidOperationException(PostgresBinaries.NotFoundMessage);
            var parent = Path.GetTempPath();
            await EmbeddedPostgresCluster.RemoveOrphansAsync(binaries, parent, ClusterPrefix);
            _cluster = await StartThrowawayClusterAsync(binaries);
            _serverConnectionString = _cluster.ConnectionString("postgres");
        }

        await ExecuteAsync($"CREATE DATABASE \"{_template}\"");
        var options = new DbContextOptionsBuilder<MoocDbContext>();
        await using (var dataSource = NpgsqlDataSource.Create(ConnectionStringFor(_template)))
        {
            options.UseMooc(dataSource);
            await using var db = new MoocDbContext(options.Options);
            await db.Database.MigrateAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    public const string ClusterPrefix = "hiparis-mooc-test-";

    /// <summary>A cluster of its own, for the tests that stop and start the database.</summary>
    public static async Task<EmbeddedPostgresCluster> StartThrowawayClusterAsync(PostgresBinaries binaries)
    {
        var cluster = new EmbeddedPostgresCluster(binaries, Path.Combine(Path.GetTempPath(), $"{ClusterPrefix}{Guid.NewGuid():N}"), throwaway: true);
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>A new database with the migrated schema; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"mooc_test_{Guid.NewGuid():N}";
        await _createLock.WaitAsync();
        try
        {
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{_template}\"");
        }
        finally
        {
            _createLock.Release();
        }

        return ConnectionStringFor(name);
    }

    public Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        return ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        else
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_template}\" WITH (FORCE)");
        }

        _createLock.Dispose();
    }

    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = database, Pooling = true, MaxPoolSize = 20 }.ConnectionString;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
