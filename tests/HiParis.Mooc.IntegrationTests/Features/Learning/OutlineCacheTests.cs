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
/// The outline is answered from a cache while nothing it shows has changed (ADR 29): each test reads it first,
/// so that it is kept, then changes what it shows, and reads it again.
/// </summary>
public sealed class OutlineCacheTests(MoocApiFactory api, TestDatabase database) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly VideoLessonSpec FirstVideo = Shipped.Modules[0].Items.OfType<VideoLessonSpec>().First();
    private static readonly ReadingSpec FirstReading = Shipped.Modules[0].Items.OfType<ReadingSpec>().First();

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryChangeOfProgress_IsInTheNextOutline()
    {
        var learner = await api.LearnerAsync("kept@example.org");
        Assert.Equal(0, Coverage(await OutlineAsync(learner)));
        Assert.Equal(0, Coverage(await OutlineAsync(learner)));

        var watched = await CoverageAfterHeartbeatAsync(learner, 1, (0, 30));
        Assert.True(watched > 0);
        Assert.Equal(watched, Coverage(await OutlineAsync(learner)));

        (await learner.PostAsync(LearningApiPaths.CompleteItem(Slug, FirstReading.Key), null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal("completed", State(await OutlineAsync(learner), FirstReading.Key));

        (await learner.DeleteAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync(LearningApiPaths.MyCourse(Slug), Ct)).StatusCode);

        (await learner.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct)).EnsureSuccessStatusCode();
        var again = await OutlineAsync(learner);
        Assert.Equal("in_progress", again.GetProperty("enrollment").GetProperty("state").GetString());
        Assert.Equal("completed", State(again, FirstReading.Key));
    }

    [Fact]
    public async Task AWeekThatOpens_IsOpenInTheNextOutline_ThoughNothingElseChanged()
    {
        var learner = await api.LearnerAsync("waiting@example.org");
        Assert.Equal("locked", (await OutlineAsync(learner)).GetProperty("modules")[1].GetProperty("state").GetString());

        api.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Equal("locked", (await OutlineAsync(learner)).GetProperty("modules")[1].GetProperty("state").GetString());

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("available", (await OutlineAsync(learner)).GetProperty("modules")[1].GetProperty("state").GetString());
    }

    [Fact]
    public async Task EachLanguage_HasItsOwnOutline()
    {
        var learner = await api.LearnerAsync("bilingual@example.org");

        var english = await OutlineAsync(learner);
        var french = await OutlineAsync(learner, "fr");

        Assert.Equal(Shipped.Title["en"], english.GetProperty("title").GetString());
        Assert.Equal(Shipped.Title["fr"], french.GetProperty("title").GetString());
        Assert.Equal(Shipped.Title["en"], (await OutlineAsync(learner)).GetProperty("title").GetString());
    }

    /// <summary>Instance A keeps the outline; the learner's next heartbeat goes to instance B; A's next outline shows it.</summary>
    [Fact]
    public async Task AChangeMadeOnAnotherInstance_IsInTheNextOutlineOfThisOne()
    {
        await using var a = new InstanceApiFactory(database, new Dictionary<string, string>());
        await a.InitializeAsync();
        await a.ImportAsync(Shipped);
        var onA = await a.LearnerAsync("roaming@example.org");
        var beside = await InstanceApiFactory.BesideAsync(database, a, onA);
        await using var b = beside.Instance;
        var onB = beside.Client;
        Assert.Equal(0, Coverage(await OutlineAsync(onA)));

        var watched = await CoverageAfterHeartbeatAsync(onB, 1, (0, 40));

        Assert.True(watched > 0);
        Assert.Equal(watched, Coverage(await OutlineAsync(onA)));
    }

    private static async Task<JsonElement> OutlineAsync(HttpClient client, string language = "en")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, LearningApiPaths.MyCourse(Slug));
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    /// <summary>Sends a heartbeat of the first video; returns its coverage as the answer gives it.</summary>
    private static async Task<double> CoverageAfterHeartbeatAsync(HttpClient client, long sequence, (double Start, double End) segment)
    {
        var response = await client.PostAsJsonAsync(LearningApiPaths.Heartbeats(Slug, FirstVideo.Key), new { sequence, playbackRate = 1.0, segments = new[] { new { start = segment.Start, end = segment.End } } }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("coverage").GetDouble();
    }

    private static JsonElement Item(JsonElement outline, string key) =>
        outline.GetProperty("modules").EnumerateArray().SelectMany(module => module.GetProperty("items").EnumerateArray()).Single(item => item.GetProperty("key").GetString() == key);

    private static double Coverage(JsonElement outline) => Item(outline, FirstVideo.Key).GetProperty("coverage").GetDouble();

    private static string? State(JsonElement outline, string key) => Item(outline, key).GetProperty("state").GetString();
}
