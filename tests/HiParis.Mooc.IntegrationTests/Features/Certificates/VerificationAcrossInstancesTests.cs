using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HiParis.Mooc.IntegrationTests.Features.Certificates;

/// <summary>An instance of the API on a database another instance may share, with settings of its own.</summary>
public sealed class InstanceApiFactory(TestDatabase database, IReadOnlyDictionary<string, string> settings, string? sharedConnectionString = null) : MoocApiFactory(database)
{
    protected override string? SharedConnectionString => sharedConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Another instance on <paramref name="first"/>'s database, and a client of it signed in as <paramref name="signedIn"/> is.</summary>
    public static async Task<(InstanceApiFactory Instance, HttpClient Client)> BesideAsync(TestDatabase database, MoocApiFactory first, HttpClient signedIn)
    {
        var instance = new InstanceApiFactory(database, new Dictionary<string, string>(), first.ConnectionString);
        await instance.InitializeAsync();
        var client = instance.CreateClient();
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return (instance, client);
    }

    /// <summary>Two instances on a database of their own with <paramref name="course"/> imported, and one learner signed in on both.</summary>
    public static async Task<InstancePair> PairAsync(TestDatabase database, CoursePackage course, string email)
    {
        var a = new InstanceApiFactory(database, new Dictionary<string, string>());
        await a.InitializeAsync();
        await a.ImportAsync(course);
        var onA = await a.LearnerAsync(email);
        var (b, onB) = await BesideAsync(database, a, onA);
        return new InstancePair(a, onA, b, onB);
    }
}

/// <summary>Two instances on one database and a learner's client of each; disposing it stops both.</summary>
public sealed record InstancePair(InstanceApiFactory A, HttpClient OnA, InstanceApiFactory B, HttpClient OnB) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

public sealed class VerificationAcrossInstancesTests(TestDatabase database)
{
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Instance A keeps a verified certificate for a minute even when it cannot listen, so only the notice of
    /// B's revocation can make A answer "revoked" within the two seconds the test gives it.
    /// </summary>
    [Fact]
    public async Task ARevocationOnOneInstance_IsWhatAnotherInstanceVerifiesNext_ThoughItHadTheCertificateCached()
    {
        var (a, b, code, _) = await TwoInstancesAsync("held@example.org");
        await using (a)
        await using (b)
        {
            var reader = a.CreateClient();
            Assert.Equal("issued", await StateAsync(reader, code));
            Assert.Equal("issued", await StateAsync(reader, code));

            await RevokeAsync(b, code);

            Assert.Equal("revoked", await StateWithinTwoSecondsAsync(reader, code, "revoked"));
        }
    }

    /// <summary>
    /// The connection A listens on is cut (as a PostgreSQL restart or a network fault would): A drops what it
    /// kept, listens again on a new connection, and hears of the next revocation like before.
    /// </summary>
    [Fact]
    public async Task AnInstanceWhoseListeningConnectionIsCut_ListensAgain_AndStillHearsOfARevocation()
    {
        var (a, b, code, listener) = await TwoInstancesAsync("cut@example.org");
        await using (a)
        await using (b)
        {
            var reader = a.CreateClient();
            var cache = a.Services.GetRequiredService<VerificationCache>();
            Assert.Equal("issued", await StateAsync(reader, code));

            await using (var connection = new NpgsqlConnection(a.ConnectionString))
            {
                await connection.OpenAsync(Ct);
                await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
                terminate.Parameters.AddWithValue("pid", listener);
                Assert.True((bool)(await terminate.ExecuteScalarAsync(Ct))!);
            }

            // A listens again once its new connection and B's are the two listening (A's old one is gone).
            var clock = Stopwatch.StartNew();
            while ((await ListeningBackendsAsync(a.ConnectionString)) is var listening && (listening.Contains(listener) || listening.Count < 2 || !cache.IsListening))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The instance never listened again.");
                await Task.Delay(50, Ct);
            }

            Assert.Equal("issued", await StateAsync(reader, code));
            await RevokeAsync(b, code);

            Assert.Equal("revoked", await StateWithinTwoSecondsAsync(reader, code, "revoked"));
        }
    }

    /// <summary>
    /// Instance A (verified certificates kept a minute when it cannot listen) with a certificate issued, and
    /// instance B on the same database; A listens already, on the backend returned (B is started after it).
    /// </summary>
    private async Task<(InstanceApiFactory A, InstanceApiFactory B, string Code, int Listener)> TwoInstancesAsync(string learner)
    {
        var a = new InstanceApiFactory(database, new Dictionary<string, string> { ["Certificates:VerificationCacheSeconds"] = "60" });
        await a.InitializeAsync();
        await a.ImportAsync(Shipped);
        await a.LearnerAsync(learner, "Grace Hopper");
        var code = (await (await a.AdminAsync()).IssueAsync(learner)).GetProperty("code").GetString()!;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> listening = [];
        while (!a.Services.GetRequiredService<VerificationCache>().IsListening || (listening = await ListeningBackendsAsync(a.ConnectionString)).Count != 1)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The instance never began listening for certificate changes.");
            await Task.Delay(20, Ct);
        }

        var b = new InstanceApiFactory(database, new Dictionary<string, string>(), a.ConnectionString);
        await b.InitializeAsync();
        _ = b.Server; // started now, as a deployed instance would be, with its own listener
        return (a, b, code, listening[0]);
    }

    private static async Task RevokeAsync(MoocApiFactory instance, string code)
    {
        var admin = await instance.AdminAsync("second-admin@example.org");
        (await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(code), new { reason = "Identity fraud established", category = "identity_not_confirmed" }, Ct)).EnsureSuccessStatusCode();
    }

    private static async Task<string?> StateWithinTwoSecondsAsync(HttpClient reader, string code, string expected)
    {
        var clock = Stopwatch.StartNew();
        var state = await StateAsync(reader, code);
        while (state != expected && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(20, Ct);
            state = await StateAsync(reader, code);
        }

        return state;
    }

    /// <summary>The backends of this database's connections that listen for certificate changes (their last statement says so).</summary>
    private static async Task<IReadOnlyList<int>> ListeningBackendsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var find = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN ' || @channel", connection);
        find.Parameters.AddWithValue("channel", VerificationCache.Channel);
        List<int> pids = [];
        await using var reader = await find.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private static async Task<string?> StateAsync(HttpClient client, string code) =>
        (await client.GetFromJsonAsync<JsonElement>(CertificatesApiPaths.Certificate(code), Ct)).GetProperty("state").GetString();
}
