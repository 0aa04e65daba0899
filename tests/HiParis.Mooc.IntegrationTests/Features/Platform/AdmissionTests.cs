using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.Features.Learning;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace HiParis.Mooc.IntegrationTests.Features.Platform;

/// <summary>
/// The API with two pooled connections, waited for at most 1 s, and one unit of work at a time; an account is
/// checked again after 10 minutes, so that a learner's request needs no connection before its unit starts.
/// </summary>
public class TwoConnectionsApiFactory(TestDatabase database) : MoocApiFactory(database)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Mooc", ConnectionString + ";Maximum Pool Size=2;Timeout=1");
        builder.UseSetting("Admission:ConcurrentUnits", "1");
        builder.UseSetting("Identity:AccountCheckSeconds", "600");
    }
}

/// <summary>The same with no room to wait: a unit that finds no turn is refused at once.</summary>
public sealed class NoQueueApiFactory(TestDatabase database) : TwoConnectionsApiFactory(database)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Admission:QueueLimit", "0");
    }
}

/// <summary>
/// A burst larger than the connection pool (ADR 43). Quiz starts of learners whose enrolment this test locks are
/// held in their save, each on a pooled connection it keeps; then another learner starts the same quiz.
/// </summary>
public sealed class AdmissionTests(TwoConnectionsApiFactory api) : IClassFixture<TwoConnectionsApiFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(AdmissionFixtures.Course);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Two held starts and a free one, for two connections: without admission the two held took both, and the
    /// free one answered 503 after the pool's 1 s timeout. Admitted one at a time, the others wait their turn.
    /// </summary>
    [Fact]
    public async Task StartsBeyondThePool_WaitTheirTurn_AndAllStart()
    {
        var (first, second, free) = (await api.LearnerAsync("held@example.org"), await api.LearnerAsync("also-held@example.org"), await api.LearnerAsync("free@example.org"));
        await using var hold = await AdmissionFixtures.HoldEnrolmentsAsync(api, first, second);

        var held = AdmissionFixtures.StartAsync(first);
        await AdmissionFixtures.WaitForALockWaitAsync(api);
        var alsoHeld = AdmissionFixtures.StartAsync(second);
        await Task.Delay(TimeSpan.FromMilliseconds(500), AdmissionFixtures.Ct);
        var waiting = AdmissionFixtures.StartAsync(free);
        await Task.Delay(TimeSpan.FromSeconds(3), AdmissionFixtures.Ct);
        var doneBeforeTheRelease = waiting.IsCompleted;
        await hold.CommitAsync(AdmissionFixtures.Ct);

        var answers = await Task.WhenAll(held, alsoHeld, waiting);
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Created, answer.StatusCode));
        Assert.False(doneBeforeTheRelease, "the free start was answered while the held ones kept their turn");
        Assert.Equal(3, await api.CountRowsAsync("quiz_attempts"));
    }
}

/// <summary>With no room to wait, the second start is refused at once with 503 <c>busy</c>, and nothing of it is kept.</summary>
public sealed class AdmissionRefusalTests(NoQueueApiFactory api) : IClassFixture<NoQueueApiFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(AdmissionFixtures.Course);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AStartWithNoRoomToWait_IsRefusedWith503Busy_AndChangesNothing()
    {
        var (first, second) = (await api.LearnerAsync("held@example.org"), await api.LearnerAsync("refused@example.org"));
        await using var hold = await AdmissionFixtures.HoldEnrolmentsAsync(api, first);

        var held = AdmissionFixtures.StartAsync(first);
        await AdmissionFixtures.WaitForALockWaitAsync(api);
        var refused = await AdmissionFixtures.StartAsync(second);
        await hold.CommitAsync(AdmissionFixtures.Ct);
        var heldAnswer = await held;
        var attemptsAfterTheRefusal = await api.CountRowsAsync("quiz_attempts");
        var again = await AdmissionFixtures.StartAsync(second);

        Assert.Equal(HttpStatusCode.Created, heldAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var problem = await refused.ReadProblemAsync();
        Assert.Equal("https://hiparis-mooc.dev/problems/busy", problem.GetProperty("type").GetString());
        Assert.Equal("30", Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.Equal(1, attemptsAfterTheRefusal);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }
}

internal static class AdmissionFixtures
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly QuizSpec Quiz = Shipped.Modules[0].GradedQuiz();

    /// <summary>The shipped course with week 1's quiz open to any learner at once.</summary>
    public static readonly CoursePackage Course = Shipped.WithPolicy(Quiz.Key, policy => policy with { DelayMinutes = 0 });

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> StartAsync(HttpClient learner) => learner.PostAsync(LearningApiPaths.Attempts(Slug, Quiz.Key), null, Ct);

    /// <summary>A transaction of the test's own that locks the learners' enrolment rows until it commits.</summary>
    public static async Task<Hold> HoldEnrolmentsAsync(MoocApiFactory api, params HttpClient[] learners)
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(Ct);
        var transaction = await connection.BeginTransactionAsync(Ct);
        foreach (var learner in learners)
        {
            var id = (await learner.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetGuid();
            await using var command = new NpgsqlCommand("SELECT id FROM enrollments WHERE user_id = $1 FOR UPDATE", connection, transaction) { Parameters = { new() { Value = id } } };
            Assert.NotNull(await command.ExecuteScalarAsync(Ct));
        }

        return new Hold(connection, transaction);
    }

    /// <summary>Until a session of the API waits for a lock: the held start is in its save, on the pool's one connection.</summary>
    public static async Task WaitForALockWaitAsync(MoocApiFactory api)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(60); waited += TimeSpan.FromMilliseconds(50))
        {
            if ((long)(await command.ExecuteScalarAsync(Ct))! > 0)
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail("No request of the API waited for the held enrolment.");
    }

    /// <summary>The test's lock and its connection.</summary>
    public sealed class Hold(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
