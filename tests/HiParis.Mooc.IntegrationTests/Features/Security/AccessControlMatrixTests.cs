using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Features.Studio;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.Features.Learning;
using HiParis.Mooc.IntegrationTests.Features.Studio;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.IntegrationTests.Features.Security;

/// <summary>
/// Who may call what: every operation of the OpenAPI document, called by six principals, answers the status
/// written in <see cref="Matrix"/>. An operation of the document missing from the table fails the test, and
/// so does a row of the table the document no longer has, so a new route cannot slip in unchecked.
/// </summary>
public sealed partial class AccessControlMatrixTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = CertificateFixtures.Slug;
    private const string OtherCourse = "other-course";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly ModuleSpec FirstWeek = Shipped.Modules[0];
    private static readonly VideoLessonSpec Lesson = FirstWeek.Items.OfType<VideoLessonSpec>().First();
    private static readonly ReadingSpec Reading = FirstWeek.Items.OfType<ReadingSpec>().First();
    private static readonly QuizSpec Quiz = FirstWeek.GradedQuiz();

    /// <summary>
    /// The expected answers. Columns: nobody signed in; the learner who owns the resource (enrolled, with the
    /// attempt and the certificate of the row); another learner (signed in, not enrolled); an instructor of the
    /// course; an instructor of another course; an admin. Routes under <c>/api/me</c> act on the caller, so for
    /// them "another learner" and the staff are callers without an enrolment, attempt or certificate of theirs.
    /// Rows run top to bottom, each by the columns in the order anonymous, another learner, other instructor,
    /// owner, instructor, admin, so that refusals come first and what the allowed calls change is seen below.
    /// </summary>
    private const string Matrix = """
        operation                                                         | anonymous | owner | other | instructor | other instructor | admin
        GET /api/courses                                                  | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/courses/{slug}                                           | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/courses/{slug}/runs                                      | 200       | 200   | 200   | 200        | 200              | 200
        POST /api/auth/register                                           | 200       | 200   | 200   | 200        | 200              | 200
        POST /api/auth/login                                              | 200       | 200   | 200   | 200        | 200              | 200
        POST /api/auth/refresh                                            | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/auth/confirmEmail                                        | 401       | 401   | 401   | 401        | 401              | 401
        POST /api/auth/resendConfirmationEmail                            | 200       | 200   | 200   | 200        | 200              | 200
        POST /api/auth/forgotPassword                                     | 200       | 200   | 200   | 200        | 200              | 200
        POST /api/auth/resetPassword                                      | 400       | 400   | 400   | 400        | 400              | 400
        POST /api/auth/manage/2fa                                         | 401       | 200   | 200   | 200        | 200              | 200
        GET /api/auth/manage/info                                         | 401       | 200   | 200   | 200        | 200              | 200
        POST /api/auth/manage/info                                        | 401       | 200   | 200   | 200        | 200              | 200
        GET /api/me                                                       | 401       | 200   | 200   | 200        | 200              | 200
        PATCH /api/me                                                     | 401       | 200   | 200   | 200        | 200              | 200
        GET /api/me/data                                                  | 401       | 200   | 200   | 200        | 200              | 200
        GET /api/me/enrollments                                           | 401       | 200   | 200   | 200        | 200              | 200
        GET /api/me/courses/{slug}                                        | 401       | 200   | 404   | 404        | 404              | 404
        GET /api/me/courses/{slug}/resume                                 | 401       | 200   | 404   | 404        | 404              | 404
        POST /api/me/courses/{slug}/lessons/{key}/heartbeats              | 401       | 200   | 404   | 404        | 404              | 404
        POST /api/me/courses/{slug}/items/{key}/complete                  | 401       | 200   | 404   | 404        | 404              | 404
        GET /api/me/courses/{slug}/quizzes/{key}/attempts                 | 401       | 200   | 404   | 404        | 404              | 404
        GET /api/me/attempts/{id}                                         | 401       | 200   | 404   | 404        | 404              | 404
        PUT /api/me/attempts/{id}/answers                                 | 401       | 200   | 404   | 404        | 404              | 404
        POST /api/me/attempts/{id}/submit                                 | 401       | 200   | 404   | 404        | 404              | 404
        POST /api/me/courses/{slug}/quizzes/{key}/attempts                | 401       | 201   | 404   | 404        | 404              | 404
        GET /api/me/courses/{slug}/grade                                  | 401       | 200   | 404   | 404        | 404              | 404
        GET /api/me/certificates                                          | 401       | 200   | 200   | 200        | 200              | 200
        POST /api/me/courses/{slug}/certificate                           | 401       | 200   | 404   | 404        | 404              | 404
        GET /verify/{code}                                                | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/certificates/{code}                                      | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/certificates/{code}/credential                           | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/certificates/{code}/pdf                                  | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/certificates/{code}/image.png                            | 200       | 200   | 200   | 200        | 200              | 200
        GET /.well-known/jwks.json                                        | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/courses/{slug}/items/{key}                               | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/courses/{slug}/lessons/{key}/captions/{language}.{format} | 200     | 200   | 200   | 200        | 200              | 200
        GET /media/{path}                                                 | 200       | 200   | 200   | 200        | 200              | 200
        HEAD /media/{path}                                                | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/me/courses/{slug}/items/{key}                            | 401       | 200   | 404   | 404        | 404              | 404
        GET /api/me/courses/{slug}/lessons/{key}/captions/{language}.{format} | 401   | 200   | 404   | 404        | 404              | 404
        POST /api/me/attempts/{id}/check                                  | 401       | 409   | 404   | 404        | 404              | 404
        PUT /api/studio/courses/{slug}/media/{path}                       | 401       | 403   | 403   | 201        | 403              | 201
        GET /api/studio/courses/{slug}/media                              | 401       | 403   | 403   | 200        | 403              | 200
        GET /api/issuer                                                   | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/issuer/keys/{keyId}                                      | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/status-lists/{list}                                      | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/badges/{slug}.svg                                        | 200       | 200   | 200   | 200        | 200              | 200
        GET /favicon.svg                                                  | 200       | 200   | 200   | 200        | 200              | 200
        GET /health/live                                                  | 200       | 200   | 200   | 200        | 200              | 200
        GET /health/ready                                                 | 200       | 200   | 200   | 200        | 200              | 200
        GET /api/studio/courses                                           | 401       | 200   | 200   | 200        | 200              | 200
        POST /api/studio/courses/{slug}/draft                             | 401       | 403   | 403   | 200        | 403              | 200
        GET /api/studio/courses/{slug}/draft                              | 401       | 403   | 403   | 200        | 403              | 200
        PUT /api/studio/courses/{slug}/draft/course                       | 401       | 403   | 403   | 200        | 403              | 200
        POST /api/studio/courses/{slug}/draft/modules                     | 401       | 403   | 403   | 200        | 403              | 200
        PUT /api/studio/courses/{slug}/draft/modules/order                | 401       | 403   | 403   | 200        | 403              | 200
        PUT /api/studio/courses/{slug}/draft/modules/{module}             | 401       | 403   | 403   | 200        | 403              | 200
        POST /api/studio/courses/{slug}/draft/modules/{module}/items      | 401       | 403   | 403   | 200        | 403              | 200
        PUT /api/studio/courses/{slug}/draft/modules/{module}/items/order | 401       | 403   | 403   | 200        | 403              | 200
        PUT /api/studio/courses/{slug}/draft/items/{item}                 | 401       | 403   | 403   | 200        | 403              | 200
        DELETE /api/studio/courses/{slug}/draft/items/{item}              | 401       | 403   | 403   | 200        | 403              | 200
        PUT /api/studio/courses/{slug}/draft/quizzes/{quiz}/questions/{question} | 401 | 403   | 403   | 200        | 403              | 200
        DELETE /api/studio/courses/{slug}/draft/quizzes/{quiz}/questions/{question} | 401 | 403 | 403   | 200        | 403              | 200
        DELETE /api/studio/courses/{slug}/draft/modules/{module}          | 401       | 403   | 403   | 200        | 403              | 200
        GET /api/studio/courses/{slug}/draft/preview                      | 401       | 403   | 403   | 200        | 403              | 200
        GET /api/studio/courses/{slug}/export                             | 401       | 403   | 403   | 200        | 403              | 200
        POST /api/studio/courses/{slug}/import                            | 401       | 403   | 403   | 200        | 403              | 200
        POST /api/studio/courses/{slug}/draft/publish                     | 401       | 403   | 403   | 200        | 403              | 200
        DELETE /api/studio/courses/{slug}/draft                           | 401       | 403   | 403   | 204        | 403              | 204
        GET /api/studio/courses/{slug}/reports/enrollments                | 401       | 403   | 403   | 200        | 403              | 200
        GET /api/studio/courses/{slug}/reports/enrollments.csv            | 401       | 403   | 403   | 200        | 403              | 200
        GET /api/studio/courses/{slug}/reports/grades.csv                 | 401       | 403   | 403   | 200        | 403              | 200
        GET /api/studio/courses/{slug}/reports/funnel                     | 401       | 403   | 403   | 200        | 403              | 200
        GET /api/studio/courses/{slug}/reports/video-coverage             | 401       | 403   | 403   | 200        | 403              | 200
        PUT /api/studio/courses/{slug}/learners/{learner}/accommodations  | 401       | 403   | 403   | 200        | 403              | 200
        POST /api/studio/courses/{slug}/learners/{learner}/quizzes/{quiz}/reset | 401 | 403   | 403   | 200        | 403              | 200
        POST /api/studio/courses/{slug}/learners/{learner}/schedule       | 401       | 403   | 403   | 200        | 403              | 200
        POST /api/admin/courses                                           | 401       | 403   | 403   | 403        | 403              | 201
        GET /api/admin/courses/{slug}/staff                               | 401       | 403   | 403   | 403        | 403              | 200
        POST /api/admin/courses/{slug}/staff                              | 401       | 403   | 403   | 403        | 403              | 200
        DELETE /api/admin/courses/{slug}/staff/{userId}                   | 401       | 403   | 403   | 403        | 403              | 204
        GET /api/admin/users                                              | 401       | 403   | 403   | 403        | 403              | 200
        GET /api/admin/users/{id}                                         | 401       | 403   | 403   | 403        | 403              | 200
        POST /api/admin/users/{id}/roles                                  | 401       | 403   | 403   | 403        | 403              | 200
        DELETE /api/admin/users/{id}/roles/{role}                         | 401       | 403   | 403   | 403        | 403              | 200
        POST /api/admin/users/{id}/lock                                   | 401       | 403   | 403   | 403        | 403              | 200
        POST /api/admin/users/{id}/unlock                                 | 401       | 403   | 403   | 403        | 403              | 200
        POST /api/admin/users/{id}/end-sessions                           | 401       | 403   | 403   | 403        | 403              | 200
        POST /api/admin/certificates                                      | 401       | 403   | 403   | 403        | 403              | 201
        POST /api/admin/certificates/{code}/revoke                        | 401       | 403   | 403   | 403        | 403              | 200
        POST /api/admin/certificates/{code}/reinstate                     | 401       | 403   | 403   | 403        | 403              | 200
        POST /api/admin/certificates/{code}/reissue                       | 401       | 403   | 403   | 403        | 403              | 200
        GET /api/admin/audit                                              | 401       | 403   | 403   | 403        | 403              | 200
        POST /api/courses/{slug}/runs/{run}/enrollment                    | 401       | 200   | 201   | 201        | 201              | 201
        DELETE /api/courses/{slug}/runs/{run}/enrollment                  | 401       | 204   | 204   | 204        | 204              | 204
        DELETE /api/me                                                    | 401       | 400   | 400   | 400        | 400              | 400
        POST /api/auth/logout                                             | 401       | 204   | 204   | 204        | 204              | 204
        """;

    private static readonly string[] Columns = ["anonymous", "owner", "other", "instructor", "other instructor", "admin"];
    private static readonly string[] CallOrder = ["anonymous", "other", "other instructor", "owner", "instructor", "admin"];

    private readonly Dictionary<string, HttpClient> _callers = [];
    private TokenResponse _ownerTokens = null!;
    private Guid _ownerId;
    private Guid _subjectId;
    private Guid _helperId;
    private Guid _attemptId;
    private string _code = "";
    private string _keyId = "";
    private byte[] _package = [];
    private long _sequence;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        // A course with a public lesson and an image: what anyone may fetch. Each principal starts an attempt:
        // enough attempts, no delay between them and every question asked, whatever the shipped policy.
        Directory.CreateDirectory(Path.Combine(api.MediaRoot, Slug));
        await File.WriteAllBytesAsync(Path.Combine(api.MediaRoot, Slug, "cover.png"), TinyPng, Ct);
        var course = Shipped with
        {
            Image = $"{Slug}/cover.png",
            Modules = [FirstWeek with { Items = [.. FirstWeek.Items.Select(item => item.Key == Lesson.Key ? item with { Preview = true } : item)] }, .. Shipped.Modules.Skip(1)],
        };
        await api.ImportAsync(course.WithPolicy(Quiz.Key, policy => policy with { MaxAttempts = 10, DelayMinutes = 0, Draw = null }));
    }

    /// <summary>The smallest PNG there is: one transparent pixel.</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task EveryRouteOfTheOpenApiDocument_AnswersEachPrincipal_AsTheMatrixSays()
    {
        var rows = ParseMatrix();
        var admin = await api.AdminAsync();
        var document = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json", Ct)).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();

        var missing = operations.Except(rows.Keys).Order(StringComparer.Ordinal).ToList();
        var stale = rows.Keys.Except(operations).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Operations of the OpenAPI document missing from the matrix:\n{string.Join('\n', missing)}");
        Assert.True(stale.Count == 0, $"Rows of the matrix the OpenAPI document does not have:\n{string.Join('\n', stale)}");

        await ArrangeAsync(admin);
        var observed = new Dictionary<string, Dictionary<string, int>>();
        foreach (var operation in rows.Keys)
        {
            observed[operation] = [];
            foreach (var caller in CallOrder)
            {
                using var request = await RequestAsync(operation, caller).WaitAsync(Ct).ContinueWith(task => task.IsCompletedSuccessfully ? task.Result : throw new InvalidOperationException($"Preparing {operation} for {caller} failed; observed so far:\n{Render(observed)}", task.Exception), Ct);
                using var response = await _callers[caller].SendAsync(request, Ct);
                observed[operation][caller] = (int)response.StatusCode;
                Assert.True((int)response.StatusCode < 500, $"{operation} by {caller}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            }
        }

        var differences = rows
            .SelectMany(row => Columns.Where(column => row.Value[column] != observed[row.Key][column]).Select(column => $"{row.Key} by {column}: {observed[row.Key][column]}, expected {row.Value[column]}"))
            .ToList();
        Assert.True(differences.Count == 0, $"{string.Join('\n', differences)}\n\nObserved:\n{Render(observed)}");
        Assert.Equal(operations.Count, rows.Count);
        Assert.True(rows.Count >= 80, $"{rows.Count} operations");
    }

    /// <summary>The principals, the owner's enrolment, open attempt and certificate, and the studio's draft.</summary>
    private async Task ArrangeAsync(HttpClient admin)
    {
        await (await admin.PostAsJsonAsync(StudioApiPaths.AdminCourses, new { slug = OtherCourse, title = new { en = "Another course", fr = "Un autre cours" } }, Ct)).EnsureSuccessWithBodyAsync();
        var owner = await api.LearnerAsync("owner@example.org");
        _ownerTokens = await owner.LoginAsync("owner@example.org");
        owner.UseBearer(_ownerTokens.AccessToken);
        await api.LearnerAsync("subject@example.org");
        var other = api.CreateClient();
        await other.SignUpAsync(api.Mailbox, "other@example.org");
        var helper = api.CreateClient();
        await helper.SignUpAsync(api.Mailbox, "helper@example.org");

        _callers["anonymous"] = api.CreateClient();
        _callers["owner"] = owner;
        _callers["other"] = other;
        _callers["instructor"] = await api.InstructorAsync(admin, "instructor@example.org", Slug);
        _callers["other instructor"] = await api.InstructorAsync(admin, "other-instructor@example.org", OtherCourse);
        _callers["admin"] = admin;

        _ownerId = await UserIdAsync("owner@example.org");
        _subjectId = await UserIdAsync("subject@example.org");
        _helperId = await UserIdAsync("helper@example.org");
        var attempt = await owner.PostAsync(LearningApiPaths.Attempts(Slug, Quiz.Key), null, Ct);
        await attempt.EnsureSuccessWithBodyAsync();
        _attemptId = (await attempt.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        _code = (await admin.IssueAsync("owner@example.org")).GetProperty("code").GetString()!;
        var jwks = await admin.GetFromJsonAsync<JsonElement>(Api.Features.Certificates.CertificatesApiPaths.Jwks, Ct);
        _keyId = jwks.GetProperty("keys")[0].GetProperty("kid").GetString()!.Split('/')[^1];
        await admin.DraftAsync(Slug);
        _package = await admin.GetByteArrayAsync(StudioApiPaths.Export(Slug), Ct);
    }

    private Task<Guid> UserIdAsync(string email) =>
        api.WithScopeAsync<UserManager<User>, Guid>(async users => (await users.FindByEmailAsync(email))!.Id);

    /// <summary>A call that would succeed for whoever is allowed to make it: real ids, valid bodies, the draft's ETag.</summary>
    private async Task<HttpRequestMessage> RequestAsync(string operation, string caller)
    {
        var (method, template) = (operation[..operation.IndexOf(' ')], operation[(operation.IndexOf(' ') + 1)..]);
        var suffix = caller.Replace(' ', '-');
        var url = Parameter().Replace(template, match => match.Groups[1].Value switch
        {
            "slug" => Slug,
            "run" => "self-paced",
            "key" when template.Contains("/lessons/", StringComparison.Ordinal) => Lesson.Key,
            "key" when template.StartsWith("/api/courses/", StringComparison.Ordinal) => Lesson.Key,
            "key" when template.Contains("/items/", StringComparison.Ordinal) => Reading.Key,
            "language" => "en",
            "format" => "vtt",
            "path" when template.StartsWith("/media/", StringComparison.Ordinal) => $"{Slug}/cover.png",
            "path" => $"matrix/{suffix}.png",
            "key" or "quiz" => Quiz.Key,
            "module" when method == "DELETE" => $"extra-{suffix}",
            "module" => FirstWeek.Key,
            "item" => method == "DELETE" ? $"reading-{suffix}" : Reading.Key,
            "question" => $"q-{suffix}",
            "id" when template.StartsWith("/api/me/attempts", StringComparison.Ordinal) => _attemptId.ToString(),
            "id" => _subjectId.ToString(),
            "learner" => _ownerId.ToString(),
            "userId" => _helperId.ToString(),
            "role" => Roles.Instructor,
            "code" => _code,
            "keyId" => _keyId,
            "list" => "0",
            var name => throw new InvalidOperationException($"No value for {{{name}}} in {operation}"),
        });

        var request = new HttpRequestMessage(new HttpMethod(method), url + Query(template));
        var body = await BodyAsync(operation, caller, suffix);
        if (body is byte[] bytes)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(template.Contains("/media/", StringComparison.Ordinal) ? "image/png" : "application/zip");
        }
        else if (body is not null)
        {
            request.Content = body is string json ? new StringContent(json, Encoding.UTF8, "application/json") : JsonContent.Create(body);
        }

        if (template.StartsWith("/api/studio/courses/{slug}/", StringComparison.Ordinal) && method != "GET")
        {
            if (template.EndsWith("/draft/publish", StringComparison.Ordinal) || (template.EndsWith("/draft", StringComparison.Ordinal) && method == "DELETE"))
            {
                // A draft to publish or discard, with a change in it.
                var etag = await _callers["admin"].DraftAsync(Slug);
                var week = new { key = FirstWeek.Key, title = new { en = $"Week 1 (for the {caller})", fr = $"Semaine 1 (pour {caller})" }, summary = FirstWeek.Summary };
                await _callers["admin"].EditOkAsync(HttpMethod.Put, StudioApiPaths.DraftModule(Slug, FirstWeek.Key), etag, week);
            }

            var draft = await _callers["admin"].GetAsync(StudioApiPaths.Draft(Slug), Ct);
            request.Headers.IfMatch.Add(draft.Headers.ETag ?? new EntityTagHeaderValue("\"0\""));
        }

        return request;
    }

    private string Query(string template) => template switch
    {
        "/api/auth/confirmEmail" => $"?userId={_ownerId}&code=not-a-code",
        "/api/admin/users" => "?search=owner",
        _ => "",
    };

    private async Task<object?> BodyAsync(string operation, string caller, string suffix) => operation switch
    {
        "POST /api/auth/register" => new { email = $"new-{suffix}@example.org", password = AuthClientExtensions.Password },
        "POST /api/auth/login" => new { email = "owner@example.org", password = AuthClientExtensions.Password },
        // A refresh token works once (ADR 16): each caller exchanges one of its own.
        "POST /api/auth/refresh" => new { refreshToken = (await api.CreateClient().LoginAsync("owner@example.org")).RefreshToken },
        "POST /api/auth/resendConfirmationEmail" or "POST /api/auth/forgotPassword" => new { email = "owner@example.org" },
        "POST /api/auth/resetPassword" => new { email = "owner@example.org", resetCode = "not-a-code", newPassword = "another long passphrase" },
        "POST /api/auth/manage/2fa" or "POST /api/auth/manage/info" => new { },
        "PATCH /api/me" => new { displayName = $"Caller {suffix}" },
        "DELETE /api/me" => new { password = "not the password at all" },
        "POST /api/me/courses/{slug}/lessons/{key}/heartbeats" => new { sequence = ++_sequence, playbackRate = 1.0, segments = new[] { new { start = 0, end = 10 } } },
        "PUT /api/me/attempts/{id}/answers" => new { answers = new Dictionary<string, object> { ["q1"] = new { options = new[] { "a" } } } },
        "PUT /api/studio/courses/{slug}/draft/course" => JsonSerializer.Serialize(
            new CourseSettings(Shipped.Title, Shipped.Summary, Shipped.Languages, Shipped.Effort, Shipped.Runs, Shipped.Grading, Shipped.Certificate, Shipped.VideoCompletionThreshold), DraftEdits.Json),
        "POST /api/studio/courses/{slug}/draft/modules" => new { key = $"extra-{suffix}", title = new { en = "Extra", fr = "En plus" }, summary = new { en = "More.", fr = "Plus." } },
        "PUT /api/studio/courses/{slug}/draft/modules/order" => new { keys = await DraftKeysAsync(content => content.GetProperty("modules").EnumerateArray()) },
        "PUT /api/studio/courses/{slug}/draft/modules/{module}" => new { key = FirstWeek.Key, title = new { en = $"Week 1 ({suffix})", fr = $"Semaine 1 ({suffix})" }, summary = FirstWeek.Summary },
        "POST /api/studio/courses/{slug}/draft/modules/{module}/items" => new { type = "reading", key = $"reading-{suffix}", title = new { en = "More", fr = "Plus" }, minutes = 5, notes = new { en = "Notes.", fr = "Notes." } },
        "PUT /api/studio/courses/{slug}/draft/modules/{module}/items/order" => new
        {
            keys = await DraftKeysAsync(content => content.GetProperty("modules").EnumerateArray().Single(module => module.GetProperty("key").GetString() == FirstWeek.Key).GetProperty("items").EnumerateArray()),
        },
        "PUT /api/studio/courses/{slug}/draft/items/{item}" => new { type = "reading", key = Reading.Key, title = new { en = $"Timeline ({suffix})", fr = $"Chronologie ({suffix})" }, minutes = 4, notes = new { en = "Notes.", fr = "Notes." } },
        "PUT /api/studio/courses/{slug}/draft/quizzes/{quiz}/questions/{question}" => JsonSerializer.Serialize(Quiz.Questions[0] with { Key = $"q-{suffix}" }, DraftEdits.Json),
        "POST /api/studio/courses/{slug}/import" => _package,
        "PUT /api/studio/courses/{slug}/media/{path}" => TinyPng,
        "POST /api/me/attempts/{id}/check" => new { answers = new Dictionary<string, object> { ["q1"] = new { options = new[] { "a" } } } },
        "PUT /api/studio/courses/{slug}/learners/{learner}/accommodations" => new { quiz = Quiz.Key, extraAttempts = 1, extraTimePercent = 0, reason = $"Granted by the {caller}" },
        "POST /api/studio/courses/{slug}/learners/{learner}/quizzes/{quiz}/reset" => new { reason = "The key of q1 was wrong" },
        "POST /api/studio/courses/{slug}/learners/{learner}/schedule" => new { days = 1, reason = "Away for a day" },
        "POST /api/admin/courses" => new { slug = $"course-{suffix}", title = new { en = "A course", fr = "Un cours" } },
        "POST /api/admin/courses/{slug}/staff" => new { email = "helper@example.org" },
        "POST /api/admin/users/{id}/roles" => new { role = Roles.Instructor, reason = "Teaches the spring run" },
        "POST /api/admin/certificates" => new { email = "subject@example.org", course = Slug, reason = "Completed the course on paper" },
        "POST /api/admin/certificates/{code}/revoke" => new { reason = $"Checked by the {caller}", category = "issued_in_error" },
        _ when operation.StartsWith("POST /api/admin/", StringComparison.Ordinal) || operation.StartsWith("DELETE /api/admin/users", StringComparison.Ordinal)
            => new { reason = $"Checked by the {caller}" },
        _ => null,
    };

    private async Task<string[]> DraftKeysAsync(Func<JsonElement, IEnumerable<JsonElement>> select)
    {
        var draft = await _callers["admin"].GetFromJsonAsync<JsonElement>(StudioApiPaths.Draft(Slug), Ct);
        return [.. select(draft.GetProperty("content")).Select(element => element.GetProperty("key").GetString()!)];
    }

    private static Dictionary<string, Dictionary<string, int>> ParseMatrix()
    {
        var lines = Matrix.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["operation", .. Columns], lines[0].Split('|', StringSplitOptions.TrimEntries));
        var rows = new Dictionary<string, Dictionary<string, int>>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            Assert.True(cells.Length == Columns.Length + 1, line);
            Assert.True(rows.TryAdd(cells[0], Columns.Select((column, index) => (column, status: int.Parse(cells[index + 1], System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(cell => cell.column, cell => cell.status)), $"Twice: {cells[0]}");
        }

        return rows;
    }

    private static string Render(Dictionary<string, Dictionary<string, int>> observed) =>
        string.Join('\n', observed.Select(row => $"{row.Key,-65} | {string.Join(" | ", Columns.Select(column => row.Value.GetValueOrDefault(column)))}"));

    [GeneratedRegex(@"\{\*?(\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();
}
