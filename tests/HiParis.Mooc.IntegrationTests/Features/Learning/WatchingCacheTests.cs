using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Learning;

/// <summary>
/// A heartbeat starts from the enrolment that the learner's last heartbeat left on this instance, and writes
/// only if nothing changed it since (ADR 30): each test makes such an entry, changes the enrolment elsewhere,
/// and shows that the next heartbeat counts that change.
/// </summary>
public sealed class WatchingCacheTests(MoocApiFactory api, TestDatabase database) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly VideoLessonSpec FirstVideo = Shipped.Modules[0].Items.OfType<VideoLessonSpec>().First();

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A keeps the enrolment after the first heartbeat; the second goes to B; A's third must start from B's
    /// write, or B's seconds are lost and B's sequence number is not known as seen.
    /// </summary>
    [Fact]
    public async Task AHeartbeatOnAnotherInstance_IsNeitherLostNorCountedTwice()
    {
        await using var pair = await InstanceApiFactory.PairAsync(database, Shipped, "two-screens@example.org");
        var (onA, onB) = (pair.OnA, pair.OnB);

        var first = await HeartbeatAsync(onA, 1, (0, 10));
        Advance(pair.A, pair.B);
        var second = await HeartbeatAsync(onB, 2, (10, 15));
        Advance(pair.A, pair.B);
        var third = await HeartbeatAsync(onA, 3, (15, 16));
        var secondAgainOnA = await HeartbeatAsync(onA, 2, (10, 15));

        Assert.Equal(10, first.GetProperty("creditedSeconds").GetDouble());
        Assert.Equal(5, second.GetProperty("creditedSeconds").GetDouble());
        Assert.Equal(Math.Round(16.0 / FirstVideo.DurationSeconds, 4), third.GetProperty("coverage").GetDouble());
        Assert.Equal(0, secondAgainOnA.GetProperty("creditedSeconds").GetDouble());
        Assert.Equal(Math.Round(16.0 / FirstVideo.DurationSeconds, 4), secondAgainOnA.GetProperty("coverage").GetDouble());
    }

    /// <summary>
    /// Heartbeats that change no state are written in one statement; the one that completes the lesson changes
    /// states, and goes through the full save: the log has each change once, and the outline shows it.
    /// </summary>
    [Fact]
    public async Task WatchingAVideoToTheEnd_LogsEachChangeOfStateOnce()
    {
        var learner = await api.LearnerAsync("to-the-end@example.org");
        var duration = FirstVideo.DurationSeconds;
        var sequence = 0;
        string? state = null;
        for (var second = 0; second < duration; second += 10)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(10));
            state = (await HeartbeatAsync(learner, ++sequence, (second, Math.Min(second + 10, duration)))).GetProperty("state").GetString();
        }

        Assert.Equal("completed", state);
        Assert.Equal(1, await TransitionsAsync("lesson", "Completed"));
        Assert.Equal(1, await TransitionsAsync("lesson", "InProgress"));
        var outline = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);
        var item = outline.GetProperty("modules")[0].GetProperty("items").EnumerateArray().Single(candidate => candidate.GetProperty("key").GetString() == FirstVideo.Key);
        Assert.Equal("completed", item.GetProperty("state").GetString());
        Assert.Equal(1, item.GetProperty("coverage").GetDouble());
    }

    /// <summary>Withdrawing on another instance ends the watching that this one kept.</summary>
    [Fact]
    public async Task AWithdrawalOnAnotherInstance_RefusesTheNextHeartbeatHere()
    {
        var learner = await api.LearnerAsync("gone@example.org");
        await HeartbeatAsync(learner, 1, (0, 10));
        var beside = await InstanceApiFactory.BesideAsync(database, api, learner);
        await using var other = beside.Instance;
        var elsewhere = beside.Client;

        (await elsewhere.DeleteAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), Ct)).EnsureSuccessStatusCode();
        api.Clock.Advance(TimeSpan.FromSeconds(10));
        var response = await learner.PostAsJsonAsync(LearningApiPaths.Heartbeats(Slug, FirstVideo.Key), Body(2, (10, 20)), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, await TransitionsAsync("lesson", "InProgress"));
    }

    /// <summary>Twenty seconds later on both instances' clocks: enough watching allowed for the next heartbeat.</summary>
    private static void Advance(params MoocApiFactory[] instances)
    {
        foreach (var instance in instances)
        {
            instance.Clock.Advance(TimeSpan.FromSeconds(20));
        }
    }

    private static object Body(long sequence, (double Start, double End) segment) =>
        new { sequence, playbackRate = 1.0, segments = new[] { new { start = segment.Start, end = segment.End } } };

    private static async Task<JsonElement> HeartbeatAsync(HttpClient client, long sequence, (double Start, double End) segment)
    {
        var response = await client.PostAsJsonAsync(LearningApiPaths.Heartbeats(Slug, FirstVideo.Key), Body(sequence, segment), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private Task<int> TransitionsAsync(string lifecycle, string toState) =>
        api.WithScopeAsync<Api.Infrastructure.Persistence.MoocDbContext, int>(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.ProgressTransitions, transition => transition.Lifecycle == lifecycle && transition.ToState == toState, Ct));
}
