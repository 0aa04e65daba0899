using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using HiParis.Mooc.Api.Features.Auth;
using HiParis.Mooc.Api.Features.Me;
using HiParis.Mooc.Api.Infrastructure.EmbeddedPostgres;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HiParis.Mooc.IntegrationTests.Features.Platform;

/// <summary>The API on a cluster of its own, which the test stops and starts again.</summary>
public sealed class OutageApiFactory(TestDatabase database) : MoocApiFactory(database)
{
    public EmbeddedPostgresCluster Cluster { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        var binaries = Database.Binaries ?? throw new InvalidOperationException(PostgresBinaries.NotFoundMessage);
        Cluster = await TestDatabase.StartThrowawayClusterAsync(binaries);
        await Cluster.CreateDatabaseIfMissingAsync("mooc");
        ConnectionString = Cluster.ConnectionString("mooc");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:MigrateOnStartup", "true");
    }

    protected override async Task ReleaseDatabaseAsync() => await Cluster.DisposeAsync();
}

public sealed class DatabaseOutageTests(OutageApiFactory api) : IClassFixture<OutageApiFactory>
{
    [Fact]
    public async Task WhileTheDatabaseIsStopped_ReadyAndDataEndpointsAnswer503ProblemDetails_AndRecoverAfterwards()
    {
        var client = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        await client.SignUpAsync(api.Mailbox, "outage@example.org");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(MeApiPaths.Me, TestContext.Current.CancellationToken)).StatusCode);

        await api.Cluster.StopAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            var me = await client.GetAsync(MeApiPaths.Me, TestContext.Current.CancellationToken);
            var login = await client.PostAsJsonAsync(AuthApiPaths.Login, new { email = "outage@example.org", password = AuthClientExtensions.Password }, TestContext.Current.CancellationToken);
            clock.Stop();

            foreach (var response in new[] { ready, me, login })
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                var problem = await response.ReadProblemAsync();
                Assert.Equal("https://hiparis-mooc.dev/problems/database-unavailable", problem.GetProperty("type").GetString());
                Assert.Equal("5", response.Headers.RetryAfter?.ToString());
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"The three answers took {clock.Elapsed}.");
        }
        finally
        {
            await api.Cluster.StartAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(MeApiPaths.Me, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task AfterARestartWithNoTraffic_TheFirstRequestsSucceed_ThoughThePoolHeldConnectionsToTheOldServer()
    {
        var clients = new List<HttpClient>();
        for (var i = 0; i < 6; i++)
        {
            var client = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
            await client.SignUpAsync(api.Mailbox, $"quiet-{i}@example.org");
            clients.Add(client);
        }

        // Several connections in the pool, all idle, then the server goes away and comes back.
        await Task.WhenAll(clients.Select(client => client.GetAsync(MeApiPaths.Me, TestContext.Current.CancellationToken)));
        await api.Cluster.StopAsync();
        await api.Cluster.StartAsync(TestContext.Current.CancellationToken);

        var answers = await Task.WhenAll(clients.Select(client => client.GetAsync(MeApiPaths.Me, TestContext.Current.CancellationToken)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
    }
}
