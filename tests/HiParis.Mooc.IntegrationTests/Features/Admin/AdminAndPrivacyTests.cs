using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Admin;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.Features.Learning;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.IntegrationTests.Features.Certificates.CertificateFixtures;

namespace HiParis.Mooc.IntegrationTests.Features.Admin;

public sealed class AdminAndPrivacyTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> DeleteWithBodyAsync(HttpClient client, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Content = JsonContent.Create(body) }, Ct);

    [Fact]
    public async Task Admin_SearchesUsers_ManagesRolesLocksAndSessions_AndEveryChangeIsAudited()
    {
        var learner = await api.LearnerAsync("target@example.org", "Target Person");
        var other = await api.LearnerAsync("other@example.org");
        var admin = await api.AdminAsync();
        var page = await admin.GetFromJsonAsync<JsonElement>(AdminApiPaths.Users + "?search=TARGET", Ct);
        var id = Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();

        var grant = await admin.PostAsJsonAsync(AdminApiPaths.Roles(id), new { role = "instructor", reason = "Teaches week 3" }, Ct);
        var unknownRole = await admin.PostAsJsonAsync(AdminApiPaths.Roles(id), new { role = "superuser", reason = "Why not" }, Ct);
        var remove = await DeleteWithBodyAsync(admin, AdminApiPaths.Role(id, "Instructor"), new { reason = "Term ended" });
        var lockResponse = await admin.PostAsJsonAsync(AdminApiPaths.Lock(id), new { reason = "Abusive messages" }, Ct);
        var whileLocked = await learner.GetAsync("/api/me", Ct);
        var login = await api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "target@example.org", password = AuthClientExtensions.Password }, Ct);
        var unlock = await admin.PostAsJsonAsync(AdminApiPaths.Unlock(id), new { reason = "Appeal accepted" }, Ct);
        var relogin = await api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "target@example.org", password = AuthClientExtensions.Password }, Ct);
        var endSessions = await admin.PostAsJsonAsync(AdminApiPaths.EndSessions(id), new { reason = "Lost laptop" }, Ct);
        var byLearner = await other.GetAsync(AdminApiPaths.Users, Ct);
        var endedSession = await learner.GetAsync("/api/me", Ct);
        var audit = await admin.GetFromJsonAsync<JsonElement>(AdminApiPaths.Audit + $"?subject={id}", Ct);
        var onlyLocks = await admin.GetFromJsonAsync<JsonElement>(AdminApiPaths.Audit + $"?subject={id}&action=user.lock", Ct);

        Assert.Equal(2 + 1, page.GetProperty("total").GetInt32() + 2);
        Assert.Contains("Instructor", (await grant.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.DoesNotContain("Instructor", (await remove.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, lockResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, whileLocked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        Assert.Equal(HttpStatusCode.OK, relogin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, endSessions.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byLearner.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, endedSession.StatusCode);
        Assert.Equal(
            ["user.end-sessions: Lost laptop", "user.lock: Abusive messages", "user.role-grant: Teaches week 3", "user.role-remove: Term ended", "user.unlock: Appeal accepted"],
            audit.GetProperty("items").EnumerateArray().Select(entry => entry.GetProperty("action").GetString() + ": " + entry.GetProperty("reason").GetString()).Order(StringComparer.Ordinal));
        Assert.Single(onlyLocks.GetProperty("items").EnumerateArray());
        var firstPage = await admin.GetFromJsonAsync<JsonElement>(AdminApiPaths.Audit + $"?subject={id}&limit=2", Ct);
        var next = firstPage.GetProperty("next").GetGuid();
        var secondPage = await admin.GetFromJsonAsync<JsonElement>(AdminApiPaths.Audit + $"?subject={id}&limit=2&before={next}", Ct);
        Assert.Equal(2, secondPage.GetProperty("items").GetArrayLength());
        Assert.Empty(secondPage.GetProperty("items").EnumerateArray().Select(entry => entry.GetProperty("id").GetGuid()).Intersect(firstPage.GetProperty("items").EnumerateArray().Select(entry => entry.GetProperty("id").GetGuid())));
    }

    [Fact]
    public async Task MyData_HoldsEverythingAboutMe_AndNothingAboutOthers()
    {
        var learner = await api.LearnerAsync("exporter@example.org", "Exporting Learner");
        await learner.TakeQuizAsync(Slug, Shipped.GradedQuizzes().First(), "q1");
        var admin = await api.AdminAsync();
        await admin.IssueAsync("exporter@example.org");
        var other = await api.LearnerAsync("someone-else@example.org");
        await other.TakeQuizAsync(Slug, Shipped.GradedQuizzes().First());

        var data = await learner.GetFromJsonAsync<JsonElement>(MeDataPath, Ct);

        Assert.Equal("exporter@example.org", data.GetProperty("profile").GetProperty("email").GetString());
        var enrollment = Assert.Single(data.GetProperty("enrollments").EnumerateArray());
        var attempt = Assert.Single(enrollment.GetProperty("attempts").EnumerateArray());
        Assert.True(attempt.GetProperty("answers").EnumerateObject().Any());
        Assert.Single(enrollment.GetProperty("quizGrades").EnumerateArray());
        Assert.NotEmpty(enrollment.GetProperty("transitions").EnumerateArray());
        Assert.Single(data.GetProperty("certificates").EnumerateArray());
        Assert.Contains(data.GetProperty("auditEntries").EnumerateArray(), entry => entry.GetProperty("action").GetString() == "certificate.issue-exception");
        Assert.DoesNotContain("someone-else", data.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_NeedsThePassword_LeavesAPseudonym_NoTableHoldsTheAddressOrName_FreesTheAddress_AndRevokesTheCertificate()
    {
        var learner = await api.LearnerAsync("leaving@example.org", "Leaving Learner");
        await learner.TakeQuizAsync(Slug, Shipped.GradedQuizzes().First(), "q1");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("leaving@example.org")).GetProperty("code").GetString()!;

        // Staff actions name the learner's address in the audit log, in the subject and in a reason.
        var learnerId = (await learner.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetGuid();
        (await admin.PostAsJsonAsync(AdminApiPaths.Roles(learnerId), new { role = "instructor", reason = "leaving@example.org asked to teach" }, Ct)).EnsureSuccessStatusCode();
        var funnelBefore = await api.CountRowsAsync("lesson_progress");
        var tracesBefore = await RowsMentioningAsync("leaving@example.org", "Leaving Learner", "leaving");

        var wrong = await DeleteWithBodyAsync(learner, "/api/me", new { password = "not my password at all" });
        var erased = await DeleteWithBodyAsync(learner, "/api/me", new { password = AuthClientExtensions.Password });
        var afterwards = await learner.GetAsync("/api/me", Ct);
        var login = await api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "leaving@example.org", password = AuthClientExtensions.Password }, Ct);
        var certificate = await api.CreateClient().GetFromJsonAsync<JsonElement>(CertificatesApiPaths.Certificate(code), Ct);
        var traces = await RowsMentioningAsync("leaving@example.org", "Leaving Learner", "leaving");
        api.Mailbox.Clear();
        var again = api.CreateClient();
        await again.SignUpAsync(api.Mailbox, "leaving@example.org");

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.NotEmpty(tracesBefore);
        Assert.Empty(traces);
        Assert.Equal("revoked", certificate.GetProperty("state").GetString());
        Assert.Equal("holder_request", certificate.GetProperty("revocationCategory").GetString());
        Assert.Equal("At the holder's request", certificate.GetProperty("revocationReason").GetString());
        Assert.DoesNotContain("Leaving", certificate.GetRawText(), StringComparison.Ordinal);
        var pseudonymous = await api.WithScopeAsync<MoocDbContext, List<string>>(db => db.Users.Where(user => user.Email!.EndsWith("@erased.invalid")).Select(user => user.Email + "|" + user.DisplayName + "|" + (user.PasswordHash ?? "")).ToListAsync(Ct));
        var row = Assert.Single(pseudonymous);
        Assert.Matches("^erased-[0-9a-f]{20}@erased.invalid\\|Erased learner\\|$", row);
        Assert.Equal(funnelBefore, await api.CountRowsAsync("lesson_progress"));
        Assert.Equal(1, await api.CountRowsAsync("enrollments"));
        var answers = await api.WithScopeAsync<MoocDbContext, List<int>>(async db => [.. (await db.QuizAttempts.AsNoTracking().ToListAsync(Ct)).Select(attempt => attempt.Answers.Count)]);
        Assert.Equal([0], answers);
        var report = await admin.GetStringAsync(Api.Features.Studio.StudioApiPaths.Report(Slug, "grades.csv"), Ct);
        Assert.Contains("Erased learner", report, StringComparison.Ordinal);
        Assert.DoesNotContain("leaving@example.org,Leaving", report, StringComparison.Ordinal);
    }

    private const string MeDataPath = "/api/me/data";

    /// <summary>Every row of every table, as text, that contains one of the words (case-insensitive).</summary>
    private async Task<List<string>> RowsMentioningAsync(params string[] words)
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(Ct);
        List<string> tables = [];
        await using (var list = new Npgsql.NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.True(tables.Count >= 15, string.Join(", ", tables));
        List<string> found = [];
        foreach (var table in tables)
        {
            await using var rows = new Npgsql.NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await rows.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                var row = reader.GetString(0);
                if (words.Any(word => row.Contains(word, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add($"{table}: {row[..Math.Min(row.Length, 300)]}");
                }
            }
        }

        return found;
    }
}
