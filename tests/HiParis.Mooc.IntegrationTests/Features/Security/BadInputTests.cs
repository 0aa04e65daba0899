using System.Net.Http.Headers;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Security;

/// <summary>
/// Every operation of the OpenAPI document that takes a body gets malformed ones, as an admin (so that
/// authorization lets them reach the parsing): none may answer 5xx, every refusal is ProblemDetails, and
/// no table gains or loses a row.
/// </summary>
public sealed partial class BadInputTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private static readonly string[] Tables = ["users", "enrollments", "lesson_progress", "quiz_attempts", "quiz_grades", "quiz_accommodations", "certificates", "course_versions", "course_staff", "audit_log", "courses"];

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task MalformedBodies_OnEveryOperationThatTakesOne_Answer4xxProblemDetails_AndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await api.AdminAsync();
        await api.LearnerAsync("learner@example.org");
        var document = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json", ct)).RootElement;
        var before = await CountsAsync();
        var huge = new string('x', 1024 * 1024);
        string[] bodies = ["{", "null", "[]", "123", "\"text\"", "{\"reason\": 5, \"email\": [], \"answers\": \"x\", \"sequence\": \"x\"}", $"{{\"{huge[..100]}\": \"{huge}\"}}"];

        List<string> checkedOperations = [];
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(operation => operation.Value.TryGetProperty("requestBody", out _)))
            {
                var url = Parameter().Replace(path.Name, match => match.Groups[1].Value switch
                {
                    "slug" => "understanding-ai",
                    "run" => "self-paced",
                    "module" => "origins",
                    "key" or "item" or "quiz" => "origins-quiz",
                    "question" => "q1",
                    "code" => "0000-0000-0000-0000",
                    _ => Guid.NewGuid().ToString(),
                });
                foreach (var body in bodies)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
                    var response = await admin.SendAsync(request, ct);
                    var what = $"{operation.Name.ToUpperInvariant()} {path.Name} with {(body.Length > 60 ? body[..60] + "…" : body)}";
                    // Fields of the wrong name or type are refused, except by an operation whose fields are all optional
                    // (Identity's manage/2fa reads such a body as "change nothing"): the row counts below catch any change.
                    var lenient = body.StartsWith("{\"", StringComparison.Ordinal) && response.IsSuccessStatusCode;
                    Assert.True(lenient || (int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode}");
                    Assert.True(lenient || response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: {response.Content.Headers.ContentType}");
                }

                checkedOperations.Add($"{operation.Name} {path.Name}");
            }
        }

        Assert.True(checkedOperations.Count >= 30, string.Join('\n', checkedOperations));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task BadRouteValuesQueriesContentTypesAndNumbers_OnEveryOperation_AnswerProblemDetails_AndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await api.AdminAsync();
        var learner = await api.LearnerAsync("learner@example.org");
        var neighbour = await api.LearnerAsync("neighbour@example.org");
        var attempt = await StartAttemptAsync(learner);
        var neighboursAttempt = await StartAttemptAsync(neighbour);
        var document = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json", ct)).RootElement;
        var before = await CountsAsync();
        var sent = 0;
        List<string> failures = [];

        async Task SendAsync(HttpClient caller, string method, string url, HttpContent? content, string what, bool mustRefuse = false)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
            request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            using var response = await caller.SendAsync(request, ct);
            sent++;
            var status = (int)response.StatusCode;
            var media = response.Content.Headers.ContentType?.MediaType;

            // The verification page is HTML for people, its "not found" included.
            var expectedMedia = url.StartsWith("/verify/", StringComparison.Ordinal) ? "text/html" : "application/problem+json";
            if (status >= 500 || (status >= 400 && media != expectedMedia) || (mustRefuse && status < 400))
            {
                failures.Add($"{what}: {status} {media}");
            }
        }

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                var caller = path.Name.StartsWith("/api/me", StringComparison.Ordinal) || path.Name.Contains("/enrollment", StringComparison.Ordinal) ? learner : admin;
                var takesBody = operation.Value.TryGetProperty("requestBody", out _);
                string Url(string? parameter = null, string? value = null) => Parameter().Replace(path.Name, match =>
                    match.Groups[1].Value == parameter ? value! : ValidValue(path.Name, match.Groups[1].Value, attempt));
                HttpContent? Empty() => takesBody ? new StringContent("{}", Encoding.UTF8, "application/json") : null;

                // Route values: unknown, malformed, out of range, hostile, and another learner's attempt.
                foreach (var parameter in Parameter().Matches(path.Name).Select(match => match.Groups[1].Value))
                {
                    string[] values = [.. BadRouteValues, .. parameter == "id" && path.Name.StartsWith("/api/me/attempts", StringComparison.Ordinal) ? [neighboursAttempt.ToString()] : Array.Empty<string>()];
                    foreach (var value in values)
                    {
                        await SendAsync(caller, method, Url(parameter, value), Empty(), $"{method} {path.Name} with {{{parameter}}}={value[..Math.Min(value.Length, 40)]}");
                    }
                }

                // Query values of the wrong type, out of range, empty or huge.
                var queries = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                foreach (var query in queries)
                {
                    foreach (var value in BadQueryValues)
                    {
                        await SendAsync(caller, method, $"{Url()}?{query}={value}", Empty(), $"{method} {path.Name}?{query}={value[..Math.Min(value.Length, 40)]}");
                    }
                }

                // A body in a media type the operation does not read.
                if (takesBody)
                {
                    foreach (var mediaType in WrongMediaTypes)
                    {
                        var content = new StringContent("{}", Encoding.UTF8);
                        content.Headers.ContentType = mediaType is null ? null : MediaTypeHeaderValue.Parse(mediaType);
                        await SendAsync(caller, method, Url(), content, $"{method} {path.Name} as {mediaType ?? "no media type"}");
                    }
                }
            }
        }

        // Negative and huge numbers where the API takes numbers.
        var lesson = $"/api/me/courses/understanding-ai/lessons/{FirstLesson}/heartbeats";
        foreach (var beat in new[]
        {
            """{"sequence": -1, "playbackRate": 1, "segments": [{"start": 0, "end": 10}]}""",
            """{"sequence": 99999999999999999999, "playbackRate": 1, "segments": [{"start": 0, "end": 10}]}""",
            """{"sequence": 1, "playbackRate": -2, "segments": [{"start": 0, "end": 10}]}""",
            """{"sequence": 1, "playbackRate": 1e308, "segments": [{"start": 0, "end": 10}]}""",
            """{"sequence": 1, "playbackRate": 1, "segments": [{"start": -5, "end": 10}]}""",
            """{"sequence": 1, "playbackRate": 1, "segments": [{"start": 0, "end": 1e20}]}""",
            """{"sequence": 1, "playbackRate": 1, "segments": [{"start": 20, "end": 10}]}""",
        })
        {
            await SendAsync(learner, "POST", lesson, new StringContent(beat, Encoding.UTF8, "application/json"), $"heartbeat {beat}", mustRefuse: true);
        }

        var learnerId = (await learner.GetFromJsonAsync<JsonElement>("/api/me", ct)).GetProperty("id").GetString();
        foreach (var (url, body) in new[]
        {
            ($"/api/studio/courses/understanding-ai/learners/{learnerId}/accommodations", """{"quiz": "origins-quiz", "extraAttempts": -1, "extraTimePercent": 0, "reason": "Because"}"""),
            ($"/api/studio/courses/understanding-ai/learners/{learnerId}/accommodations", """{"quiz": "origins-quiz", "extraAttempts": 1, "extraTimePercent": 2147483648, "reason": "Because"}"""),
            ($"/api/studio/courses/understanding-ai/learners/{learnerId}/schedule", """{"days": 99999, "reason": "Because"}"""),
            ($"/api/studio/courses/understanding-ai/learners/{learnerId}/schedule", """{"days": -2147483649, "reason": "Because"}"""),
            ($"/api/studio/courses/understanding-ai/learners/{learnerId}/schedule", """{"days": 1.5, "reason": "Because"}"""),
        })
        {
            await SendAsync(admin, url.EndsWith("accommodations", StringComparison.Ordinal) ? "PUT" : "POST", url, new StringContent(body, Encoding.UTF8, "application/json"), $"{url} {body}", mustRefuse: true);
        }

        foreach (var answer in new[] { """{"number": 1e400}""", """{"number": "seven"}""", """{"options": [1, 2]}""", """{"boolean": "yes"}""", $$"""{"text": "{{new string('x', 1024 * 1024)}}"}""" })
        {
            var body = "{\"answers\": {\"q1\": " + answer + ", \"q2\": " + answer + "}}";
            await SendAsync(learner, "PUT", $"/api/me/attempts/{attempt}/answers", new StringContent(body, Encoding.UTF8, "application/json"), $"answers {answer[..Math.Min(answer.Length, 40)]}", mustRefuse: true);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(sent >= 1000, $"{sent} requests");
        Assert.Equal(before, await CountsAsync());
    }

    private const string FirstLesson = "origins-thinking-machines";

    private static readonly string[] BadRouteValues =
    [
        Guid.Empty.ToString(), Guid.NewGuid().ToString(), "not-a-guid", "-1", "99999999999999999999", new string('a', 300),
        "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", "%C3%A9t%C3%A9", "%F0%9F%98%80", "%FF%FE",
    ];

    private static readonly string[] BadQueryValues =
    [
        "abc", "-1", "0", "99999999999999999999", "1e309", "", new string('9', 5000), "%00", "2026-13-45T25:61:00Z", "%FF%FE", "true", "[]",
    ];

    private static readonly string?[] WrongMediaTypes = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null];

    private static string ValidValue(string template, string parameter, Guid attempt) => parameter switch
    {
        "slug" => "understanding-ai",
        "run" => "self-paced",
        "key" when template.Contains("/lessons/", StringComparison.Ordinal) => FirstLesson,
        "key" when template.Contains("/items/", StringComparison.Ordinal) => "origins-timeline",
        "key" or "quiz" or "item" => "origins-quiz",
        "module" => "origins",
        "question" => "q1",
        "code" => "0000-0000-0000-0000",
        "role" => "Instructor",
        "id" when template.StartsWith("/api/me/attempts", StringComparison.Ordinal) => attempt.ToString(),
        _ => Guid.NewGuid().ToString(),
    };

    private static async Task<Guid> StartAttemptAsync(HttpClient learner)
    {
        var response = await learner.PostAsync("/api/me/courses/understanding-ai/quizzes/origins-quiz/attempts", null, TestContext.Current.CancellationToken);
        await response.EnsureSuccessWithBodyAsync();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
    }

    private async Task<string> CountsAsync()
    {
        List<string> counts = [];
        foreach (var table in Tables)
        {
            counts.Add($"{table}={await api.CountRowsAsync(table)}");
        }

        return string.Join(' ', counts);
    }

    [GeneratedRegex(@"\{\*?(\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();
}
