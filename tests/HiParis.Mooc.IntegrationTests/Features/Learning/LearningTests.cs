using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Learning;

public sealed class LearningTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly VideoLessonSpec FirstVideo = Shipped.Modules[0].Items.OfType<VideoLessonSpec>().First();
    private static readonly VideoLessonSpec WeekTwoVideo = Shipped.Modules[1].Items.OfType<VideoLessonSpec>().First();

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> LearnerAsync(string email, string run = "self-paced")
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, email);
        var enrol = await client.PostAsync(LearningApiPaths.Enrollment(Slug, run), null, Ct);
        Assert.Equal(HttpStatusCode.Created, enrol.StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> HeartbeatAsync(HttpClient client, string lesson, long sequence, params (double Start, double End)[] segments) =>
        client.PostAsJsonAsync(
            LearningApiPaths.Heartbeats(Slug, lesson),
            new { sequence, playbackRate = 1.0, segments = segments.Select(segment => new { start = segment.Start, end = segment.End }) },
            Ct);

    [Fact]
    public async Task Enroll_Twice_ReturnsTheSameEnrolment_AndParallelClicksMakeOne()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "twice@example.org");

        var first = await client.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct);
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.All(burst, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.All(burst, response => Assert.Equal(id, response.Content.ReadFromJsonAsync<JsonElement>(Ct).Result.GetProperty("id").GetGuid()));
        var mine = await client.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyEnrollments, Ct);
        Assert.Equal("enrolled", Assert.Single(mine.EnumerateArray()).GetProperty("state").GetString());
        Assert.Equal(1, await api.CountRowsAsync("enrollments"));
    }

    [Fact]
    public async Task Enroll_InParallelAsANewLearner_CreatesExactlyOneEnrolment()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "race@example.org");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct)));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, response => Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString()));
        Assert.Equal(1, await api.CountRowsAsync("enrollments"));
    }

    [Fact]
    public async Task Enroll_OutsideTheEnrolmentWindow_Answers409AndWritesNothing()
    {
        api.Clock.Set(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero));
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "early@example.org");

        var response = await client.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("enrollment.window-closed", problem.GetProperty("code").GetString());
        Assert.Equal(0, await api.CountRowsAsync("enrollments"));
    }

    [Fact]
    public async Task Enroll_WithAnUnconfirmedEmail_Answers403()
    {
        var client = api.CreateClient();
        await client.RegisterAsync("unconfirmed@example.org");
        client.UseBearer((await client.LoginAsync("unconfirmed@example.org")).AccessToken);

        var response = await client.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await response.ReadProblemAsync();
        Assert.Equal(0, await api.CountRowsAsync("enrollments"));
    }

    [Theory]
    [InlineData("no-such-course", "self-paced")]
    [InlineData(Slug, "no-such-run")]
    public async Task Enroll_InAnUnknownCourseOrRun_Answers404(string slug, string run)
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "lost@example.org");

        var response = await client.PostAsync(LearningApiPaths.Enrollment(slug, run), null, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await response.ReadProblemAsync();
    }

    [Fact]
    public async Task OneHeartbeatClaimingTheWholeVideo_DoesNotCompleteIt_ButHonestHeartbeatsDo()
    {
        var cheater = await LearnerAsync("cheater@example.org");
        var honest = await LearnerAsync("honest@example.org");
        var duration = FirstVideo.DurationSeconds;

        var claim = await (await HeartbeatAsync(cheater, FirstVideo.Key, 1, (0, duration))).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var jump = await (await HeartbeatAsync(cheater, FirstVideo.Key, 2, (duration - 10, duration))).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("in_progress", claim.GetProperty("state").GetString());
        Assert.Equal(15, claim.GetProperty("creditedSeconds").GetDouble(), precision: 3);
        Assert.Equal("in_progress", jump.GetProperty("state").GetString());
        Assert.True(jump.GetProperty("coverage").GetDouble() < 0.1);

        JsonElement last = default;
        for (var (second, sequence) = (0, 1); second < duration; second += 10, sequence++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(10));
            var response = await HeartbeatAsync(honest, FirstVideo.Key, sequence, (second, Math.Min(second + 10, duration)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            last = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        }

        Assert.Equal("completed", last.GetProperty("state").GetString());
        Assert.Equal(1.0, last.GetProperty("coverage").GetDouble(), precision: 3);
        Assert.Equal("in_progress", last.GetProperty("courseState").GetString());
    }

    [Fact]
    public async Task FiftyParallelHeartbeats_LeaveTheUnionOfTheirSegments_WithNothingLostOrCountedTwice()
    {
        var learner = await LearnerAsync("parallel@example.org");
        var first = await HeartbeatAsync(learner, FirstVideo.Key, 1, (0, 10));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        api.Clock.Advance(TimeSpan.FromSeconds(200));

        // Two devices, overlapping segments: 50 heartbeats of 4 s every 2 s cover [10, 112].
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => HeartbeatAsync(learner, FirstVideo.Key, 2 + i, (10 + (2 * i), 14 + (2 * i)))));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var credited = 0.0;
        foreach (var response in responses)
        {
            credited += (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("creditedSeconds").GetDouble();
        }

        Assert.Equal(102, credited, precision: 3);
        var outline = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);
        var video = outline.GetProperty("modules")[0].GetProperty("items").EnumerateArray().First(item => item.GetProperty("key").GetString() == FirstVideo.Key);
        Assert.Equal(Math.Round(112.0 / FirstVideo.DurationSeconds, 4), video.GetProperty("coverage").GetDouble(), precision: 4);
    }

    [Fact]
    public async Task ProgressOnALockedModule_Answers409WithItsOpeningTime()
    {
        var selfPaced = await LearnerAsync("self@example.org");
        var instructorPaced = await LearnerAsync("instructor-paced@example.org", "2027-winter");

        var weekTwo = await HeartbeatAsync(selfPaced, WeekTwoVideo.Key, 1, (0, 10));
        var beforeStart = await HeartbeatAsync(instructorPaced, FirstVideo.Key, 1, (0, 10));

        Assert.Equal(HttpStatusCode.Conflict, weekTwo.StatusCode);
        var problem = await weekTwo.ReadProblemAsync();
        Assert.Equal("progress.item-locked", problem.GetProperty("code").GetString());
        Assert.Equal(TestClock.Start.AddDays(7), problem.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, beforeStart.StatusCode);
        Assert.Equal(Shipped.Runs[0].ModuleOpens!["origins"], (await beforeStart.ReadProblemAsync()).GetProperty("opensAt").GetDateTimeOffset());

        api.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(HttpStatusCode.OK, (await HeartbeatAsync(selfPaced, WeekTwoVideo.Key, 1, (0, 10))).StatusCode);
    }

    [Fact]
    public async Task AnotherLearnersProgress_IsNeverVisible()
    {
        var owner = await LearnerAsync("owner@example.org");
        await HeartbeatAsync(owner, FirstVideo.Key, 1, (0, 10));
        var other = api.CreateClient();
        await other.SignUpAsync(api.Mailbox, "other@example.org");

        var outline = await other.GetAsync(LearningApiPaths.MyCourse(Slug), Ct);
        var heartbeat = await HeartbeatAsync(other, FirstVideo.Key, 1, (0, 10));
        var resume = await other.GetAsync(LearningApiPaths.Resume(Slug), Ct);

        Assert.Equal(HttpStatusCode.NotFound, outline.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, heartbeat.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, resume.StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyEnrollments, Ct)).EnumerateArray());
    }

    [Fact]
    public async Task Outline_ShowsMyStatePerModuleAndItem_AndResumeGivesThePosition()
    {
        var learner = await LearnerAsync("outline@example.org");
        await HeartbeatAsync(learner, FirstVideo.Key, 1, (0, 12));

        var outline = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);
        var resume = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Resume(Slug), Ct);

        var modules = outline.GetProperty("modules").EnumerateArray().ToList();
        Assert.Equal(["in_progress", "locked", "locked", "locked"], modules.Select(module => module.GetProperty("state").GetString()));
        Assert.Equal(TestClock.Start.AddDays(7), modules[1].GetProperty("opensAt").GetDateTimeOffset());
        var first = modules[0].GetProperty("items")[0];
        Assert.Equal("in_progress", first.GetProperty("state").GetString());
        Assert.Equal("in_progress", outline.GetProperty("enrollment").GetProperty("state").GetString());
        Assert.Equal(FirstVideo.Key, resume.GetProperty("itemKey").GetString());
        Assert.Equal(12, resume.GetProperty("positionSeconds").GetDouble(), precision: 3);
        Assert.Equal((FirstVideo.DurationSeconds, (FirstVideo.DurationSeconds + 59) / 60), (first.GetProperty("durationSeconds").GetInt32(), first.GetProperty("minutes").GetInt32()));
        Assert.Equal(CatalogMapping.Local(Shipped.Modules[0].Summary), modules[0].GetProperty("summary").GetString());

        // Media addresses come from an open item only, never from the outline.
        Assert.DoesNotContain("/media/", outline.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewVersionOfTheCourse_KeepsEveryLearnersProgress()
    {
        var learner = await LearnerAsync("steady@example.org");
        await HeartbeatAsync(learner, FirstVideo.Key, 1, (0, 10));
        var reading = Shipped.Modules[0].Items.OfType<ReadingSpec>().Single();
        await learner.PostAsync(LearningApiPaths.CompleteItem(Slug, reading.Key), null, Ct);

        var revised = Shipped with { Title = new() { ["en"] = "Understanding AI (revised)", ["fr"] = "Comprendre l'IA (révisé)" } };
        Assert.Equal(2, (await api.ImportAsync(revised)).Version);

        var outline = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);
        Assert.Equal("Understanding AI (revised)", outline.GetProperty("title").GetString());
        var items = outline.GetProperty("modules")[0].GetProperty("items").EnumerateArray().ToDictionary(item => item.GetProperty("key").GetString()!);
        Assert.Equal("completed", items[reading.Key].GetProperty("state").GetString());
        Assert.Equal(Math.Round(10.0 / FirstVideo.DurationSeconds, 4), items[FirstVideo.Key].GetProperty("coverage").GetDouble(), precision: 4);
    }

    [Fact]
    public async Task CompleteItem_CompletesAReading_ButNotAVideo()
    {
        var learner = await LearnerAsync("reader@example.org");
        var reading = Shipped.Modules[0].Items.OfType<ReadingSpec>().Single();

        var read = await learner.PostAsync(LearningApiPaths.CompleteItem(Slug, reading.Key), null, Ct);
        var video = await learner.PostAsync(LearningApiPaths.CompleteItem(Slug, FirstVideo.Key), null, Ct);

        Assert.Equal("completed", (await read.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, video.StatusCode);
        await video.ReadProblemAsync();
    }

    [Fact]
    public async Task WithdrawThenEnrolAgain_KeepsTheProgress_AndTheLogRecordsEveryChange()
    {
        var learner = await LearnerAsync("back@example.org");
        await HeartbeatAsync(learner, FirstVideo.Key, 1, (0, 10));

        var withdraw = await learner.DeleteAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), Ct);
        var withdrawTwice = await learner.DeleteAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), Ct);
        var whileWithdrawn = await HeartbeatAsync(learner, FirstVideo.Key, 2, (10, 20));
        var again = await learner.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, withdraw.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withdrawTwice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, whileWithdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("in_progress", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
        var outline = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);
        Assert.True(outline.GetProperty("modules")[0].GetProperty("items")[0].GetProperty("coverage").GetDouble() > 0);

        // Enrol, open week 1, begin course, begin module, begin lesson, withdraw, rejoin.
        Assert.Equal(7, await api.CountRowsAsync("progress_transitions"));
    }

    [Fact]
    public async Task AWithdrawalReadsTheEnrolmentsRowAlone_AndARejoinAddsOnlyItsLessons()
    {
        var learner = await LearnerAsync("light@example.org");
        await HeartbeatAsync(learner, FirstVideo.Key, 1, (0, 10));

        IReadOnlyList<string> withdrawal, rejoin;
        using (var watch = new SqlWatch(api.ConnectionString))
        {
            (await learner.DeleteAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), Ct)).EnsureSuccessStatusCode();
            withdrawal = watch.Statements("SELECT");
        }

        HttpResponseMessage again;
        using (var watch = new SqlWatch(api.ConnectionString))
        {
            again = await learner.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct);
            rejoin = watch.Statements("SELECT");
        }

        Assert.Contains(withdrawal, statement => statement.Contains("FROM enrollments", StringComparison.Ordinal));
        Assert.DoesNotContain(withdrawal, statement => statement.Contains("_progress", StringComparison.Ordinal));
        Assert.Contains(rejoin, statement => statement.Contains("lesson_progress", StringComparison.Ordinal));
        Assert.DoesNotContain(rejoin, statement => statement.Contains("module_progress", StringComparison.Ordinal));
        Assert.Single(rejoin, statement => statement.Contains("FROM enrollments", StringComparison.Ordinal));
        Assert.Equal("in_progress", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task TheLastThreeItemsOfAWeekCompletingAtOnce_StillCompleteTheWeek()
    {
        var learner = await LearnerAsync("together@example.org");
        var week = Shipped.Modules[0];
        var videos = week.Items.OfType<VideoLessonSpec>().ToList();
        var sequence = 0;
        foreach (var video in videos)
        {
            var stop = video == videos[^1] ? (int)(video.DurationSeconds * 0.8) : video.DurationSeconds;
            for (var second = 0; second < stop; second += 10)
            {
                api.Clock.Advance(TimeSpan.FromSeconds(10));
                Assert.Equal(HttpStatusCode.OK, (await HeartbeatAsync(learner, video.Key, ++sequence, (second, Math.Min(second + 10, video.DurationSeconds)))).StatusCode);
            }
        }

        foreach (var practice in week.Items.OfType<QuizSpec>().Where(quiz => quiz.IsPractice))
        {
            await learner.TakeQuizAsync(Slug, practice);
        }

        var quiz = week.GradedQuiz();
        var started = await learner.StartAsync(Slug, quiz.Key);
        var attempt = started.GetProperty("id").GetGuid();
        (await learner.PutAsJsonAsync(LearningApiPaths.Answers(attempt), new { answers = QuizAnswers.For(quiz, started) }, Ct)).EnsureSuccessStatusCode();
        api.Clock.Advance(TimeSpan.FromSeconds(60));
        var last = videos[^1];
        var reading = week.Items.OfType<ReadingSpec>().Single();
        var all = await Task.WhenAll(
            HeartbeatAsync(learner, last.Key, ++sequence, ((int)(last.DurationSeconds * 0.8), last.DurationSeconds)),
            learner.PostAsync(LearningApiPaths.CompleteItem(Slug, reading.Key), null, Ct),
            learner.PostAsync(LearningApiPaths.Submit(attempt), null, Ct));

        Assert.All(all, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var outline = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);
        Assert.Equal("completed", outline.GetProperty("modules")[0].GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("{\"sequence\": 1, \"playbackRate\": 1, \"segments\": [{\"start\": 10, \"end\": 5}]}")]
    [InlineData("{\"sequence\": -1, \"playbackRate\": 1, \"segments\": []}")]
    [InlineData("{\"sequence\": 1, \"playbackRate\": 0, \"segments\": []}")]
    [InlineData("{\"sequence\": 1, \"playbackRate\": 1, \"segments\": [{\"start\": \"x\", \"end\": 5}]}")]
    [InlineData("{\"sequence\": 1, \"playbackRate\": 1}")]
    public async Task Heartbeat_WithABadBody_Answers400AndChangesNothing(string body)
    {
        var learner = await LearnerAsync("bad@example.org");

        var response = await learner.PostAsync(LearningApiPaths.Heartbeats(Slug, FirstVideo.Key), new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ReadProblemAsync();
        Assert.Equal(0, await api.CountRowsAsync("lesson_progress"));
    }
}
