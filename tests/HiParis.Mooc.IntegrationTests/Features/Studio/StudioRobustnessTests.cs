using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Studio;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.IntegrationTests.Features.Studio;

/// <summary>What the studio must survive: hostile content, hostile zips, and editors racing each other.</summary>
public sealed class StudioRobustnessTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> BadItems() => new()
    {
        { "traversal in a file name", """{"type":"reading","key":"evil","fileStem":"01-../../../evil","title":{"en":"x","fr":"x"},"minutes":1,"notes":{"en":"x","fr":"x"}}""" },
        { "traversal in a transcript", """{"type":"video","key":"evil","title":{"en":"x","fr":"x"},"videoSource":"v.mp4","durationSeconds":60,"transcripts":{"en":{"file":"../../../../tmp/pwned.vtt","webVtt":"WEBVTT"}},"notes":{"en":"x","fr":"x"}}""" },
        { "no type", """{"key":"evil","title":{"en":"x","fr":"x"}}""" },
        { "null sources", """{"type":"video","key":"evil","title":{"en":"x","fr":"x"},"sources":null,"transcripts":{},"notes":{"en":"x","fr":"x"}}""" },
        { "a null source", """{"type":"video","key":"evil","title":{"en":"x","fr":"x"},"sources":[null],"transcripts":{},"notes":{"en":"x","fr":"x"}}""" },
        { "a source outside the media folders", """{"type":"video","key":"evil","title":{"en":"x","fr":"x"},"sources":[{"src":"../../etc/passwd","durationSeconds":60}],"transcripts":{},"notes":{"en":"x","fr":"x"}}""" },
        { "a number for a key", """{"type":"reading","key":5,"title":{"en":"x","fr":"x"},"minutes":1,"notes":{"en":"x","fr":"x"}}""" },
        { "null questions", """{"type":"quiz","key":"evil","title":{"en":"x","fr":"x"},"policy":{"maxAttempts":1,"gradingMethod":"highest","showAnswers":"never","passMark":0.5},"questions":null}""" },
        { "null options", """{"type":"quiz","key":"evil","title":{"en":"x","fr":"x"},"policy":{"maxAttempts":1,"gradingMethod":"highest","showAnswers":"never","passMark":0.5},"questions":[{"key":"q1","type":"single_choice","points":1,"prompt":{"en":"x","fr":"x"},"options":[null,null],"answer":{"optionKeys":["a"]},"explanation":{"en":"x","fr":"x"}}]}""" },
        { "null answer", """{"type":"quiz","key":"evil","title":{"en":"x","fr":"x"},"policy":{"maxAttempts":1,"gradingMethod":"highest","showAnswers":"never","passMark":0.5},"questions":[{"key":"q1","type":"true_false","points":1,"prompt":{"en":"x","fr":"x"},"answer":null,"explanation":{"en":"x","fr":"x"}}]}""" },
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public async Task AnItemThatCouldNotBeExportedOrTaken_Answers400_AndChangesNothing(string why, string body)
    {
        var admin = await api.AdminAsync();
        var etag = await admin.DraftAsync(Slug);

        var response = await admin.EditAsync(HttpMethod.Post, StudioApiPaths.DraftItems(Slug, "origins"), etag, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        await response.ReadProblemAsync();
        Assert.Equal(etag, (await admin.GetAsync(StudioApiPaths.Draft(Slug), Ct)).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task CourseSettingsFullOfNulls_Answer400()
    {
        var admin = await api.AdminAsync();
        var etag = await admin.DraftAsync(Slug);

        var response = await admin.EditAsync(HttpMethod.Put, StudioApiPaths.DraftCourse(Slug), etag, """{"title":null,"summary":null,"languages":null,"effort":null,"runs":[null],"grading":null,"certificate":null}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AKeyOnceUsedByAnotherType_CannotComeBack()
    {
        var admin = await api.AdminAsync();
        var etag = await admin.DraftAsync(Slug);
        etag = await admin.EditOkAsync(HttpMethod.Delete, StudioApiPaths.DraftItem(Slug, "origins-quiz"), etag);

        var response = await admin.EditAsync(HttpMethod.Post, StudioApiPaths.DraftItems(Slug, "origins"), etag, new { type = "reading", key = "origins-quiz", title = new { en = "x", fr = "x" }, minutes = 1, notes = new { en = "x", fr = "x" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("was a quiz", (await response.ReadProblemAsync()).GetProperty("errors").GetProperty("key")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZipThatExpandsTooMuch_IsRefused()
    {
        var admin = await api.AdminAsync();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry($"{Slug}/course.yaml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 60; i++)
            {
                await entry.WriteAsync(zeros, Ct);
            }
        }

        using var upload = new ByteArrayContent(buffer.ToArray());
        upload.Headers.ContentType = new("application/zip");
        var response = await admin.PostAsync(StudioApiPaths.Import(Slug), upload, Ct);

        Assert.True(buffer.Length < 1024 * 1024);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expands to at most", (await response.ReadProblemAsync()).GetProperty("errors").GetProperty("package")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>Issue 16: a 2 KB zip whose course.yaml nests 100,000 '[' overflowed the stack and ended the process.</summary>
    [Fact]
    public async Task AZipWhoseCourseYamlNestsTooDeep_Answers400_AndTheHostLives()
    {
        var admin = await api.AdminAsync();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry($"{Slug}/course.yaml", CompressionLevel.SmallestSize).Open();
            await entry.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"slug: {Slug}\ntitle: " + new string('[', 100_000)), Ct);
        }

        using var upload = new ByteArrayContent(buffer.ToArray());
        upload.Headers.ContentType = new("application/zip");
        var response = await admin.PostAsync(StudioApiPaths.Import(Slug), upload, Ct);

        Assert.True(buffer.Length < 4096);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nested deeper than", (await response.ReadProblemAsync()).GetProperty("errors").GetProperty("package")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync($"/api/courses/{Slug}", Ct)).StatusCode);
    }

    [Fact]
    public async Task ParallelImports_MakeOneDraft_AndNoServerError()
    {
        var admin = await api.AdminAsync();
        var zip = await admin.GetByteArrayAsync(StudioApiPaths.Export(Slug), Ct);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
        {
            var upload = new ByteArrayContent(zip);
            upload.Headers.ContentType = new("application/zip");
            return admin.PostAsync(StudioApiPaths.Import(Slug), upload, Ct);
        }));

        Assert.All(responses, response => Assert.True((int)response.StatusCode < 500, response.StatusCode.ToString()));
        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await api.WithScopeAsync<MoocDbContext, int>(db => db.CourseVersions.CountAsync(v => v.State == ContentState.Draft, Ct)));
    }

    [Fact]
    public async Task PublishRacingAnEdit_NeverPublishesWhatWasNotChecked()
    {
        var admin = await api.AdminAsync();
        for (var round = 0; round < 8; round++)
        {
            var etag = await admin.DraftAsync(Slug);
            etag = await admin.EditOkAsync(HttpMethod.Put, StudioApiPaths.DraftModule(Slug, "origins"), etag, new { key = "origins", title = new { en = $"Origins {round}", fr = $"Origines {round}" }, summary = Shipped.Modules[0].Summary });

            // The edit adds a module the instructor-paced run has no date for: publishable only once fixed.
            var responses = await Task.WhenAll(
                admin.EditAsync(HttpMethod.Post, StudioApiPaths.Publish(Slug), etag),
                admin.EditAsync(HttpMethod.Post, StudioApiPaths.DraftModules(Slug), etag, new { key = $"extra-{round}", title = new { en = "Extra", fr = "Extra" }, summary = new { en = "x", fr = "x" } }));

            Assert.All(responses, response => Assert.True((int)response.StatusCode < 500, response.StatusCode.ToString()));
            var published = await api.WithScopeAsync<MoocDbContext, string>(db => db.CourseVersions.Where(v => v.State == ContentState.Published).Select(v => v.Content).SingleAsync(Ct));
            var problems = new PackageProblems();
            CoursePackageRules.Check(CourseContentJson.Deserialize(published), problems);
            Assert.False(problems.Any, problems.ToString());
            if (responses[1].IsSuccessStatusCode && !responses[0].IsSuccessStatusCode)
            {
                var current = (await admin.GetAsync(StudioApiPaths.Draft(Slug), Ct)).Headers.ETag!.Tag;
                await admin.EditOkAsync(HttpMethod.Delete, StudioApiPaths.DraftModule(Slug, $"extra-{round}"), current);
            }
        }
    }

    [Fact]
    public async Task ACourseWithoutAnyVersion_StillOpensADraft()
    {
        var admin = await api.AdminAsync();
        var created = await admin.PostAsJsonAsync(StudioApiPaths.AdminCourses, new { slug = "empty-course", title = new { en = "Empty", fr = "Vide" } }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.EditAsync(HttpMethod.Delete, StudioApiPaths.Draft("empty-course"), created.Headers.ETag!.Tag)).StatusCode);

        var mine = await admin.GetAsync(StudioApiPaths.MyCourses, Ct);
        var reopened = await admin.PostAsync(StudioApiPaths.Draft("empty-course"), null, Ct);
        var oneLetter = await admin.PostAsJsonAsync(StudioApiPaths.AdminCourses, new { slug = "x", title = new { en = "X", fr = "X" } }, Ct);

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, reopened.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, oneLetter.StatusCode);
    }
}
