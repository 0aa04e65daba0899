using System.Net.Http.Headers;
using System.Text;
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
                    var lenient = body.StartsWith("{\"reason\"", StringComparison.Ordinal) && response.IsSuccessStatusCode;
                    Assert.True(lenient || (int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode}");
                    Assert.True(lenient || response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: {response.Content.Headers.ContentType}");
                }

                checkedOperations.Add($"{operation.Name} {path.Name}");
            }
        }

        Assert.True(checkedOperations.Count >= 30, string.Join('\n', checkedOperations));
        Assert.Equal(before, await CountsAsync());
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

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();
}
