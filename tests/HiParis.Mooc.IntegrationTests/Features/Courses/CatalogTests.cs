using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Courses;

public sealed class CatalogTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("en", "Understanding AI: origins, regulation, industry and society")]
    [InlineData("fr", "Comprendre l'IA : origines, régulation, industrie et société")]
    public async Task ListCourses_IsLocalisedByAcceptLanguage_WithTheRunOpenForEnrolment(string language, string title)
    {
        var courses = await GetJsonAsync(CoursesApiPaths.Courses, language);

        var course = Assert.Single(courses.EnumerateArray());
        Assert.Equal("understanding-ai", course.GetProperty("slug").GetString());
        Assert.Equal(title, course.GetProperty("title").GetString());
        Assert.Equal(4, course.GetProperty("effort").GetProperty("weeks").GetInt32());
        var run = course.GetProperty("currentRun");
        Assert.True(run.GetProperty("enrollmentOpen").GetBoolean());
        Assert.Equal("self-paced", run.GetProperty("key").GetString());
    }

    [Fact]
    public async Task ListCourses_BeforeAnyRunOpens_ShowsTheNextRunClosed()
    {
        api.Clock.Set(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero));

        var course = Assert.Single((await GetJsonAsync(CoursesApiPaths.Courses, "en")).EnumerateArray());

        Assert.Equal("self-paced", course.GetProperty("currentRun").GetProperty("key").GetString());
        Assert.False(course.GetProperty("currentRun").GetProperty("enrollmentOpen").GetBoolean());
    }

    [Fact]
    public async Task GetCourse_ShowsTheOutlineWithoutAnswerKeysOrTranscripts()
    {
        var response = await SendAsync(CoursesApiPaths.Course("understanding-ai"), "en");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var course = JsonDocument.Parse(body).RootElement;

        var modules = course.GetProperty("modules").EnumerateArray().ToList();
        Assert.Equal(["origins", "regulation", "industry", "society"], modules.Select(module => module.GetProperty("key").GetString()));
        Assert.Equal([1, 2, 3, 4], modules.Select(module => module.GetProperty("week").GetInt32()));
        var items = modules.SelectMany(module => module.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(Shipped.Items.Select(item => (item.Key, item is QuizSpec { IsPractice: true } ? "practice" : item.TypeName)), items.Select(item => (item.GetProperty("key").GetString()!, item.GetProperty("type").GetString()!)));
        Assert.All(items.Where(item => item.GetProperty("type").GetString() == "quiz"), quiz =>
        {
            // Until the platform draws from pools an attempt asks the whole pool; either count is what a learner meets.
            var spec = Shipped.Quizzes.Single(candidate => candidate.Key == quiz.GetProperty("key").GetString());
            Assert.Contains(quiz.GetProperty("questionCount").GetInt32(), new[] { spec.QuestionsPerAttempt, spec.Questions.Count });
        });
        Assert.All(items.Where(item => item.GetProperty("type").GetString() == "video"), video => Assert.True(video.GetProperty("durationSeconds").GetInt32() > 0));

        AssertNoAnswerKeyIn(body);
    }

    [Fact]
    public async Task CatalogAnswers_InBothLanguages_NeverContainAnAnswerKey()
    {
        foreach (var language in new[] { "en", "fr" })
        {
            foreach (var path in new[] { CoursesApiPaths.Courses, CoursesApiPaths.Course("understanding-ai"), CoursesApiPaths.Runs("understanding-ai") })
            {
                var response = await SendAsync(path, language);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                AssertNoAnswerKeyIn(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            }
        }
    }

    [Fact]
    public async Task GetCourse_WithAMatchingIfNoneMatch_Answers304_AndADifferentLanguageHasItsOwnETag()
    {
        var first = await SendAsync(CoursesApiPaths.Course("understanding-ai"), "en");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(first.Headers.CacheControl?.Public);
        Assert.Contains("Accept-Language", first.Headers.Vary);

        var again = await SendAsync(CoursesApiPaths.Course("understanding-ai"), "en", etag);
        var french = await SendAsync(CoursesApiPaths.Course("understanding-ai"), "fr", etag);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, french.StatusCode);
        Assert.NotEqual(etag, french.Headers.ETag);
    }

    [Fact]
    public async Task GetRuns_ListsBothRunsWithTheirPacing()
    {
        var runs = (await GetJsonAsync(CoursesApiPaths.Runs("understanding-ai"), "fr")).EnumerateArray().ToList();

        Assert.Equal(["instructor", "self"], runs.Select(run => run.GetProperty("pacing").GetString()));
        Assert.Equal("Hiver 2027 (rythme encadré)", runs[0].GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/api/courses/no-such-course")]
    [InlineData("/api/courses/no-such-course/runs")]
    public async Task UnknownCourse_Answers404ProblemDetails(string path)
    {
        var response = await SendAsync(path, "en");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Contains("no-such-course", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>No explanation, accepted short answer, feedback or transcript text may appear.</summary>
    private static void AssertNoAnswerKeyIn(string body)
    {
        var text = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(body))!;
        Assert.DoesNotContain("\"answer", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("explanation", text, StringComparison.OrdinalIgnoreCase);
        foreach (var question in Shipped.Quizzes.SelectMany(quiz => quiz.Questions))
        {
            foreach (var explanation in question.Explanation.Values)
            {
                Assert.DoesNotContain(JsonEncoded(explanation), body, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain("WEBVTT", body, StringComparison.Ordinal);
    }

    private static string JsonEncoded(string text) => JsonSerializer.Serialize(text)[1..^1];

    private async Task<JsonElement> GetJsonAsync(string path, string language)
    {
        var response = await SendAsync(path, language);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private Task<HttpResponseMessage> SendAsync(string path, string language, EntityTagHeaderValue? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        return api.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }
}
