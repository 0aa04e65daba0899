using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Features.Studio;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.Features.Studio;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Learning;

/// <summary>The course in front of its learners: items with their content, captions and transcripts, media by signed address.</summary>
public sealed class ContentDeliveryTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly ModuleSpec FirstWeek = Shipped.Modules[0];
    private static readonly VideoLessonSpec FirstVideo = FirstWeek.Items.OfType<VideoLessonSpec>().First();

    /// <summary>A lesson that is not public: its media need a signed address.</summary>
    private static readonly VideoLessonSpec MembersVideo = FirstWeek.Items.OfType<VideoLessonSpec>().Skip(1).First();
    private static readonly string TinyWebm = Path.Combine(MoocApiFactory.RepositoryRoot, "tests", "HiParis.Mooc.UnitTests", "CoursePackages", "valid", "tiny", "media", "welcome.en.webm");

    /// <summary>The shipped course, with its first lesson public (a preview).</summary>
    private static readonly CoursePackage Course = Shipped with
    {
        Modules = [FirstWeek with { Items = [.. FirstWeek.Items.Select(item => item.Key == FirstVideo.Key ? item with { Preview = true } : item)] }, .. Shipped.Modules.Skip(1)],
    };

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Course);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ItemAsync(HttpClient client, string key, string language = "en")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, LearningApiPaths.Item(Slug, key));
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        var response = await client.SendAsync(request, Ct);
        await response.EnsureSuccessWithBodyAsync();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    /// <summary>Puts a real (three-second) WebM where the package says the lesson's English video is.</summary>
    private string PlaceVideo(VideoLessonSpec video, string language = "en")
    {
        var target = Path.Combine(api.MediaRoot, video.SourceFor(language)!.Src);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(TinyWebm, target, overwrite: true);
        return target;
    }

    [Fact]
    public async Task EveryItem_OnceItsWeekIsOpen_ComesWithItsContent_BeforeThatAnswers409_AndStrangersGet404()
    {
        var learner = await api.LearnerAsync("items@example.org");
        var stranger = api.CreateClient();
        await stranger.SignUpAsync(api.Mailbox, "stranger@example.org");

        var locked = await learner.GetAsync(LearningApiPaths.Item(Slug, Shipped.Modules[1].Items[0].Key), Ct);
        var notEnrolled = await stranger.GetAsync(LearningApiPaths.Item(Slug, FirstVideo.Key), Ct);

        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        var problem = await locked.ReadProblemAsync();
        Assert.Equal("progress.item-locked", problem.GetProperty("code").GetString());
        Assert.Equal(TestClock.Start.AddDays(7), problem.GetProperty("opensAt").GetDateTimeOffset());
        Assert.DoesNotContain("notes", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notEnrolled.StatusCode);

        api.Clock.Advance(TimeSpan.FromDays(7 * (Shipped.Modules.Count - 1)));
        var delivered = 0;
        foreach (var (module, index) in Shipped.Modules.Select((module, index) => (module, index)))
        {
            foreach (var item in module.Items)
            {
                var content = await ItemAsync(learner, item.Key);
                Assert.Equal(item.Key, content.GetProperty("key").GetString());
                Assert.Equal(module.Key, content.GetProperty("module").GetProperty("key").GetString());
                Assert.Equal(index + 1, content.GetProperty("module").GetProperty("week").GetInt32());
                Assert.True(content.GetProperty("minutes").GetInt32() > 0, item.Key);
                switch (item)
                {
                    case VideoLessonSpec video:
                        Assert.Contains("<h2", content.GetProperty("notes").GetProperty("html").GetString(), StringComparison.Ordinal);
                        var player = content.GetProperty("video");
                        Assert.Equal(video.DurationIn("en"), player.GetProperty("durationSeconds").GetInt32());
                        Assert.Equal(["en", "fr"], player.GetProperty("captions").EnumerateArray().Select(track => track.GetProperty("language").GetString()));
                        Assert.True(player.GetProperty("captions")[0].GetProperty("default").GetBoolean());
                        Assert.Equal(6, player.GetProperty("transcripts").GetArrayLength());
                        Assert.Equal(Shipped.EffectiveVideoCompletionThreshold, player.GetProperty("rules").GetProperty("completionThreshold").GetDecimal());
                        break;
                    case ReadingSpec:
                        Assert.NotEmpty(content.GetProperty("notes").GetProperty("html").GetString()!);
                        break;
                    case QuizSpec quiz:
                        Assert.Equal(quiz.QuestionsPerAttempt, content.GetProperty("quiz").GetProperty("questionsPerAttempt").GetInt32());
                        break;
                }

                delivered++;
            }
        }

        Assert.Equal(Shipped.Items.Count(), delivered);
    }

    [Fact]
    public async Task TheFrenchLearner_GetsTheFrenchNotesAndVideoFirst_AndFrenchCaptionsByDefault()
    {
        var learner = await api.LearnerAsync("francais@example.org");
        PlaceVideo(FirstVideo, "en");
        PlaceVideo(FirstVideo, "fr");

        var content = await ItemAsync(learner, FirstVideo.Key, "fr");

        Assert.Equal("fr", content.GetProperty("notes").GetProperty("language").GetString());
        var video = content.GetProperty("video");
        Assert.Equal("fr", video.GetProperty("sources")[0].GetProperty("language").GetString());
        Assert.Equal(FirstVideo.DurationIn("fr"), video.GetProperty("durationSeconds").GetInt32());
        Assert.Equal(["fr"], video.GetProperty("captions").EnumerateArray().Where(track => track.GetProperty("default").GetBoolean()).Select(track => track.GetProperty("language").GetString()));
    }

    [Fact]
    public async Task APreviewLesson_IsOpenToAnyone_WithItsCaptions_AndOtherItemsAreNot()
    {
        var anonymous = api.CreateClient();

        var preview = await anonymous.GetAsync(LearningApiPaths.PreviewItem(Slug, FirstVideo.Key), Ct);
        var captions = await anonymous.GetAsync(LearningApiPaths.PreviewCaptions(Slug, FirstVideo.Key, "en", "vtt"), Ct);
        var other = await anonymous.GetAsync(LearningApiPaths.PreviewItem(Slug, FirstWeek.Items[1].Key), Ct);
        var otherCaptions = await anonymous.GetAsync(LearningApiPaths.PreviewCaptions(Slug, Shipped.Modules[1].Items.OfType<VideoLessonSpec>().First().Key, "en", "vtt"), Ct);

        await preview.EnsureSuccessWithBodyAsync();
        var body = await preview.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(body.GetProperty("preview").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("state").ValueKind);
        Assert.StartsWith(LearningApiPaths.PreviewCaptions(Slug, FirstVideo.Key, "en", "vtt"), body.GetProperty("video").GetProperty("captions")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(FirstVideo.Transcripts["en"].WebVtt, await captions.Content.ReadAsStringAsync(Ct));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (other.StatusCode, otherCaptions.StatusCode));
    }

    [Fact]
    public async Task HostileNotes_AreRenderedWithoutScriptsHandlersOrJavascriptLinks()
    {
        const string hostile = "## Notes\n\n<script>alert('x')</script>\n\n<img src=x onerror=\"alert(1)\">\n\n[click](javascript:alert(2)) [also](JaVaScRiPt:alert(3)) [fine](https://example.org/a)\n\n![pic](javascript:alert(4))";
        var lesson = FirstVideo with { Notes = new() { ["en"] = hostile, ["fr"] = hostile } };
        await api.ImportAsync(Course with { Modules = [FirstWeek with { Items = [lesson, .. FirstWeek.Items.Skip(1)] }, .. Shipped.Modules.Skip(1)] });
        var learner = await api.LearnerAsync("hostile@example.org");

        var html = (await ItemAsync(learner, FirstVideo.Key)).GetProperty("notes").GetProperty("html").GetString()!;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/a\" rel=\"noopener noreferrer\">fine</a>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"notes\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryTranscript_IsServedAsVttSrtAndText_InBothLanguages_AndTheVttIsByteStable()
    {
        var learner = await api.LearnerAsync("transcripts@example.org");
        api.Clock.Advance(TimeSpan.FromDays(7 * (Shipped.Modules.Count - 1)));
        var served = 0;
        foreach (var video in Shipped.Items.OfType<VideoLessonSpec>())
        {
            foreach (var (language, transcript) in video.Transcripts)
            {
                var vtt = await learner.GetAsync(LearningApiPaths.Captions(Slug, video.Key, language, "vtt"), Ct);
                var srt = await learner.GetStringAsync(LearningApiPaths.Captions(Slug, video.Key, language, "srt"), Ct);
                var txt = await learner.GetStringAsync(LearningApiPaths.Captions(Slug, video.Key, language, "txt"), Ct);
                using var again = new HttpRequestMessage(HttpMethod.Get, LearningApiPaths.Captions(Slug, video.Key, language, "vtt"));
                again.Headers.IfNoneMatch.Add(vtt.Headers.ETag!);
                var notModified = await learner.SendAsync(again, Ct);

                Assert.Equal("text/vtt", vtt.Content.Headers.ContentType!.MediaType);
                Assert.Equal(transcript.WebVtt, await vtt.Content.ReadAsStringAsync(Ct));
                Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
                Assert.StartsWith("1\n00:00:", srt, StringComparison.Ordinal);
                Assert.Contains(" --> ", srt, StringComparison.Ordinal);
                Assert.DoesNotContain("-->", txt, StringComparison.Ordinal);
                Assert.True(txt.Length > 200, $"{video.Key}.{language}.txt is {txt.Length} characters");
                served++;
            }
        }

        Assert.Equal(Shipped.Items.OfType<VideoLessonSpec>().Sum(video => video.Transcripts.Count), served);
    }

    [Fact]
    public async Task AMediaFile_AnswersARange_AndAForgedOrExpiredSignatureOrATraversalNeverGetsAFile()
    {
        var learner = await api.LearnerAsync("media@example.org");
        var file = PlaceVideo(MembersVideo);
        var url = (await ItemAsync(learner, MembersVideo.Key)).GetProperty("video").GetProperty("sources")[0].GetProperty("url").GetString()!;
        var anonymous = api.CreateClient();

        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(0, 99);
        var partial = await anonymous.SendAsync(range, Ct);
        var forged = await anonymous.GetAsync(url[..^4] + (url[^4] == 'A' ? "B" : "A") + url[^3..], Ct);
        var longer = await anonymous.GetAsync(url.Replace("exp=", "exp=9", StringComparison.Ordinal), Ct);
        var traversal = await anonymous.GetAsync(url.Replace($"/{Slug}/", $"/{Slug}/../../../../etc/", StringComparison.Ordinal), Ct);
        var unsigned = await anonymous.GetAsync(url[..url.IndexOf('?', StringComparison.Ordinal)], Ct);
        api.Clock.Advance(TimeSpan.FromHours(7));
        var expired = await anonymous.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(100, (await partial.Content.ReadAsByteArrayAsync(Ct)).Length);
        Assert.Equal(new FileInfo(file).Length, partial.Content.Headers.ContentRange!.Length);
        Assert.Equal("bytes", partial.Headers.AcceptRanges.Single());
        Assert.Equal("video/webm", partial.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(partial.Headers.ETag);
        foreach (var refused in new[] { forged, longer, traversal, unsigned, expired })
        {
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{refused.RequestMessage!.RequestUri}: {(int)refused.StatusCode}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task StaffUploadAWebm_ItsDurationIsReadBack_AndALearnerStreamsItWithRanges()
    {
        var admin = await api.AdminAsync();
        var instructor = await api.InstructorAsync(admin, "uploader@example.org", Slug);
        var learner = await api.LearnerAsync("viewer@example.org");
        var source = MembersVideo.SourceFor("en")!.Src;
        using var upload = new ByteArrayContent(await File.ReadAllBytesAsync(TinyWebm, Ct));
        upload.Headers.ContentType = new MediaTypeHeaderValue("video/webm");
        using var notWebm = new ByteArrayContent("not a video at all"u8.ToArray());

        var put = await instructor.PutAsync(StudioApiPaths.MediaFile(Slug, source[(Slug.Length + 1)..]), upload, Ct);
        var refused = await instructor.PutAsync(StudioApiPaths.MediaFile(Slug, "origins/fake.webm"), notWebm, Ct);
        var listed = await instructor.GetFromJsonAsync<JsonElement>(StudioApiPaths.Media(Slug), Ct);
        var url = (await ItemAsync(learner, MembersVideo.Key)).GetProperty("video").GetProperty("sources")[0].GetProperty("url").GetString()!;
        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(100, 199);
        var streamed = await learner.SendAsync(range, Ct);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var uploaded = await put.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(source, uploaded.GetProperty("path").GetString());
        Assert.Equal(3.0, uploaded.GetProperty("durationSeconds").GetDouble(), precision: 1);
        Assert.Equal(64, uploaded.GetProperty("sha256").GetString()!.Length);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Contains(listed.EnumerateArray(), file => file.GetProperty("path").GetString() == source);
        Assert.Equal(HttpStatusCode.PartialContent, streamed.StatusCode);
        Assert.Equal(100, (await streamed.Content.ReadAsByteArrayAsync(Ct)).Length);
        Assert.Equal(1, await api.WithScopeAsync<Api.Infrastructure.Persistence.MoocDbContext, int>(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditLog, entry => entry.Action == "media.upload", Ct)));
    }
}
