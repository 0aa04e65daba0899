using System.Data.Common;
using HiParis.Mooc.Api.Infrastructure.EmbeddedPostgres;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HiParis.Mooc.Api.Infrastructure.Persistence;

public static class PersistenceSetup
{
    /// <summary>The key of the data source for connections that hold a session of their own (see <see cref="AddMoocPersistence"/>).</summary>
    public const string SessionConnections = "sessions";

    public const string ConnectionStringName = "Mooc";
    public const string EmbeddedDatabaseName = "mooc";
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>
    /// Resolves the database: <c>ConnectionStrings:Mooc</c> when set, else an embedded cluster under the
    /// data folder, started here and returned so that the caller stops it after the host has stopped.
    /// </summary>
    public static async Task<EmbeddedPostgresCluster?> ResolveDatabaseAsync(
        this WebApplicationBuilder builder,
        CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionStringName)))
        {
            return null;
        }

        var binaries = PostgresBinaries.Find() ?? throw new EmbeddedPostgresUnavailableException(PostgresBinaries.NotFoundMessage);
        var dataRoot = Path.Combine(DataFolder(builder), "postgres");
        var cluster = new EmbeddedPostgresCluster(binaries, dataRoot, throwaway: false, Console.WriteLine);
        await cluster.StartAsync(cancellationToken);
        await cluster.CreateDatabaseIfMissingAsync(EmbeddedDatabaseName, cancellationToken);
        builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = cluster.ConnectionString(EmbeddedDatabaseName);
        builder.Configuration["Database:Embedded"] = "true";
        return cluster;
    }

    /// <summary>Where local state lives when nothing else is configured (<c>Mooc:DataDirectory</c>).</summary>
    public static string DataFolder(WebApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration["Mooc:DataDirectory"] ?? Path.Combine(builder.Environment.ContentRootPath, ".data"));

    public static IServiceCollection AddMoocPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(ConnectionStringName));

        // NpgsqlConnectionStringBuilder.ContainsKey is true for every keyword it knows; the keywords the
        // configuration sets are those of its canonical string.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString.ConnectionString };

        // Fail fast when the server is down: a request answers 503 in seconds, it does not hang.
        if (!given.ContainsKey("Timeout"))
        {
            connectionString.Timeout = 5;
        }

        if (!given.ContainsKey("Maximum Pool Size"))
        {
            connectionString.MaxPoolSize = 64;
        }

        // Statements used often are prepared once per connection: PostgreSQL skips parsing and planning them.
        if (!given.ContainsKey("Max Auto Prepare"))
        {
            connectionString.MaxAutoPrepare = 128;
        }

        // Nothing here leaves session state behind (no SET, no session locks), so a connection back in the
        // pool needs no DISCARD ALL before its next use.
        if (!given.ContainsKey("No Reset On Close"))
        {
            connectionString.NoResetOnClose = true;
        }

        connectionString.ApplicationName ??= "hiparis-mooc";
        var dataSource = new NpgsqlDataSourceBuilder(connectionString.ConnectionString).Build();
        services.AddSingleton(dataSource);
        services.AddSingleton(Admission.From(configuration, connectionString.MaxPoolSize));

        // Connections that hold a session of their own (LISTEN): never pooled, so that nothing they leave
        // behind reaches a request, and never one of the requests' connections.
        // Their keep-alive statements (every 2 s) are traced by no one: they are no work worth a span.
        var sessions = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString.ConnectionString) { Pooling = false }.ConnectionString);
        sessions.ConfigureTracing(tracing => tracing.ConfigureCommandFilter(_ => false).EnablePhysicalOpenTracing(false));
        services.AddKeyedSingleton(SessionConnections, sessions.Build());
        services.AddDbContextPool<MoocDbContext>((provider, options) =>
        {
            options.UseMooc(dataSource);
            if (provider.GetService<Outbox.OutboxCommitInterceptor>() is { } outbox)
            {
                options.AddInterceptors(outbox);
            }
        });
        return services;
    }

    /// <summary>The one way a <see cref="MoocDbContext"/> is configured: host, design time and tests.</summary>
    public static DbContextOptionsBuilder UseMooc(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable)).UseSnakeCaseNamingConvention()
            .AddInterceptors(new BrokenConnectionInterceptor(dataSource), CommitMarker.Instance);

    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MoocDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        services.EnsureDataProtectionKey();
    }

    /// <summary>
    /// Gives the Data Protection key ring (kept in the database) its first key, with the schema. Instances that
    /// start together on an empty ring each create a key of their own; one then refuses the other's tokens as
    /// soon as its cached ring is older than the short refresh window after start-up, for up to a day.
    /// </summary>
    public static void EnsureDataProtectionKey(this IServiceProvider services)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && key.ExpirationDate > now))
        {
            keys.CreateNewKey(now, now + services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime);
        }
    }
}

public sealed class EmbeddedPostgresUnavailableException(string message) : Exception(message);
