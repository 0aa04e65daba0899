using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Features.Studio;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.Features.Learning;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HiParis.Mooc.IntegrationTests.Features.Studio;

public sealed partial class StudioTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly QuizSpec WeekOneQuiz = Shipped.Modules[0].GradedQuiz();

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnInstructorOfOneCourse_Gets403_OnEveryStudioRouteOfAnother()
    {
        var admin = await api.AdminAsync();
        await (await admin.PostAsJsonAsync(StudioApiPaths.AdminCourses, new { slug = "course-a", title = new { en = "Course A", fr = "Cours A" } }, Ct)).EnsureSuccessWithBodyAsync();
        var instructor = await api.InstructorAsync(admin, "teacher-a@example.org", "course-a");
        var learner = await api.LearnerAsync("learner@example.org");
        var routes = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api/studio/courses/{slug}", StringComparison.Ordinal))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(method => (Method: method, Pattern: endpoint.RoutePattern.RawText!)))
            .ToList();

        List<string> checkedRoutes = [];
        foreach (var (method, pattern) in routes)
        {
            var path = RouteParameter().Replace(pattern, match => match.Groups[1].Value switch
            {
                "slug" => Slug,
                "learner" => Guid.NewGuid().ToString(),
                "module" => "origins",
                "quiz" or "item" => WeekOneQuiz.Key,
                "question" => "q1",
                _ => "x",
            });
            foreach (var (client, expected) in new[] { (instructor, HttpStatusCode.Forbidden), (learner, HttpStatusCode.Forbidden), (api.CreateClient(), HttpStatusCode.Unauthorized) })
            {
                var response = await client.EditAsync(new HttpMethod(method), path, "\"1\"", "{}");
                Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode}, expected {(int)expected}");
            }

            checkedRoutes.Add($"{method} {pattern}");
        }

        Assert.True(checkedRoutes.Count >= 24, string.Join('\n', checkedRoutes));
        var own = await instructor.PostAsync(StudioApiPaths.Draft("course-a"), null, Ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var mine = await instructor.GetFromJsonAsync<JsonElement>(StudioApiPaths.MyCourses, Ct);
        Assert.Equal(["course-a"], mine.EnumerateArray().Select(course => course.GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task EditingAndPublishing_KeepsEveryLearnersProgressAttemptsAndGrades()
    {
        var learner = await api.LearnerAsync("midway@example.org");
        var video = Shipped.Modules[0].Items.OfType<VideoLessonSpec>().First();
        for (var second = 0; second < 120; second += 30)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(30));
            await (await learner.PostAsJsonAsync(LearningApiPaths.Heartbeats(Slug, video.Key), new { sequence = second, playbackRate = 1.0, segments = new[] { new { start = second, end = second + 30 } } }, Ct)).EnsureSuccessWithBodyAsync();
        }

        var reading = Shipped.Modules[0].Items.OfType<ReadingSpec>().Single();
        (await learner.PostAsync(LearningApiPaths.CompleteItem(Slug, reading.Key), null, Ct)).EnsureSuccessStatusCode();
        await learner.TakeQuizAsync(Slug, WeekOneQuiz, "q1");
        var outlineBefore = await learner.GetStringAsync(LearningApiPaths.MyCourse(Slug), Ct);
        var gradeBefore = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);
        var attemptsBefore = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, WeekOneQuiz.Key), Ct);

        var admin = await api.AdminAsync();
        var instructor = await api.InstructorAsync(admin, "editor@example.org", Slug);
        var etag = await instructor.DraftAsync(Slug);
        var module = Shipped.Modules[0];
        etag = await instructor.EditOkAsync(HttpMethod.Put, StudioApiPaths.DraftModule(Slug, module.Key), etag, new { key = module.Key, title = new { en = "Week 1: where AI comes from", fr = "Semaine 1 : d'où vient l'IA" }, summary = module.Summary });
        etag = await instructor.EditOkAsync(HttpMethod.Delete, StudioApiPaths.DraftItem(Slug, reading.Key), etag);
        var question = WeekOneQuiz.Questions[1];
        etag = await instructor.EditOkAsync(HttpMethod.Put, StudioApiPaths.DraftQuestion(Slug, WeekOneQuiz.Key, question.Key), etag, JsonSerializer.Serialize(question with { Prompt = new() { ["en"] = "Reworded: " + question.Prompt["en"], ["fr"] = question.Prompt["fr"] } }, DraftEdits.Json));
        etag = await instructor.EditOkAsync(HttpMethod.Post, StudioApiPaths.DraftModules(Slug), etag, new { key = "epilogue", title = new { en = "Epilogue", fr = "Épilogue" }, summary = new { en = "What next", fr = "Et ensuite" } });
        etag = await instructor.EditOkAsync(HttpMethod.Post, StudioApiPaths.DraftItems(Slug, "epilogue"), etag, new { type = "reading", key = "epilogue-reading", title = new { en = "Further reading", fr = "Pour aller plus loin" }, minutes = 10, notes = new { en = "Read on.", fr = "Lisez la suite." } });
        var incomplete = await instructor.GetFromJsonAsync<JsonElement>(StudioApiPaths.Draft(Slug), Ct);
        Assert.Equal(["run '2027-winter': module_opens has no date for module 'epilogue'"], incomplete.GetProperty("problems").EnumerateArray().Select(problem => problem.GetString()));
        var winter = Shipped.Runs[0];
        var runs = Shipped.Runs.Select(run => run.Key == winter.Key ? run with { ModuleOpens = new(run.ModuleOpens!) { ["epilogue"] = new DateTimeOffset(2027, 2, 8, 8, 0, 0, TimeSpan.Zero) } } : run).ToList();
        etag = await instructor.EditOkAsync(HttpMethod.Put, StudioApiPaths.DraftCourse(Slug), etag, JsonSerializer.Serialize(new CourseSettings(Shipped.Title, Shipped.Summary, Shipped.Languages, Shipped.Effort, runs, Shipped.Grading, Shipped.Certificate, Shipped.VideoCompletionThreshold), DraftEdits.Json));
        var publish = await instructor.EditAsync(HttpMethod.Post, StudioApiPaths.Publish(Slug), etag);

        await publish.EnsureSuccessWithBodyAsync();
        Assert.Equal(2, (await publish.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("version").GetInt32());
        var outlineAfter = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);
        var before = JsonDocument.Parse(outlineBefore).RootElement;
        Assert.Equal(ItemStates(before).Where(item => item.Key != reading.Key), ItemStates(outlineAfter).Where(item => item.Key != "epilogue-reading"));
        Assert.Equal("Week 1: where AI comes from", outlineAfter.GetProperty("modules")[0].GetProperty("title").GetString());
        Assert.Equal(5, outlineAfter.GetProperty("modules").GetArrayLength());
        var gradeAfter = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);
        Assert.Equal(gradeBefore.GetProperty("grade").GetDecimal(), gradeAfter.GetProperty("grade").GetDecimal());
        var attemptsAfter = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, WeekOneQuiz.Key), Ct);
        Assert.Equal(attemptsBefore.GetProperty("attempts")[0].GetProperty("score").GetDecimal(), attemptsAfter.GetProperty("attempts")[0].GetProperty("score").GetDecimal());
        Assert.Equal(attemptsBefore.GetProperty("attemptsUsed").GetInt32(), attemptsAfter.GetProperty("attemptsUsed").GetInt32());
        var archived = await api.WithScopeAsync<MoocDbContext, DateTimeOffset?>(db => db.CourseItems.Where(item => item.Key == reading.Key).Select(item => item.ArchivedAt).SingleAsync(Ct));
        Assert.NotNull(archived);
        Assert.Equal(1, await api.WithScopeAsync<MoocDbContext, int>(db => db.Enrollments.CountAsync(Ct)));
    }

    [Fact]
    public async Task TwoInstructorsEditingTheSameDraft_DoNotOverwriteEachOther()
    {
        var admin = await api.AdminAsync();
        var first = await api.InstructorAsync(admin, "first@example.org", Slug);
        var second = await api.InstructorAsync(admin, "second@example.org", Slug);
        var etag = await first.DraftAsync(Slug);
        var module = Shipped.Modules[1];

        var ok = await first.EditAsync(HttpMethod.Put, StudioApiPaths.DraftModule(Slug, module.Key), etag, new { key = module.Key, title = new { en = "First's title", fr = "Titre du premier" }, summary = module.Summary });
        var stale = await second.EditAsync(HttpMethod.Put, StudioApiPaths.DraftModule(Slug, module.Key), etag, new { key = module.Key, title = new { en = "Second's title", fr = "Titre du second" }, summary = module.Summary });
        var blind = await second.PutAsJsonAsync(StudioApiPaths.DraftModule(Slug, module.Key), new { key = module.Key, title = new { en = "Blind", fr = "À l'aveugle" }, summary = module.Summary }, Ct);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        await stale.ReadProblemAsync();
        Assert.Equal((HttpStatusCode)428, blind.StatusCode);
        var content = await second.DraftContentAsync(Slug);
        Assert.Equal("First's title", content.GetProperty("modules")[1].GetProperty("title").GetProperty("en").GetString());
    }

    [Fact]
    public async Task AnEditBreakingAPackageRule_Answers400NamingIt_AndChangesNothing()
    {
        var admin = await api.AdminAsync();
        var etag = await admin.DraftAsync(Slug);
        var numeric = WeekOneQuiz.Questions.First(question => question.Type == QuestionType.Numeric);
        var broken = JsonSerializer.Serialize(numeric with { Tolerance = null }, DraftEdits.Json);

        var response = await admin.EditAsync(HttpMethod.Put, StudioApiPaths.DraftQuestion(Slug, WeekOneQuiz.Key, numeric.Key), etag, broken);
        var duplicate = await admin.EditAsync(HttpMethod.Post, StudioApiPaths.DraftModules(Slug), etag, new { key = "origins", title = new { en = "Again", fr = "Encore" }, summary = new { en = "x", fr = "x" } });
        var unknown = await admin.EditAsync(HttpMethod.Delete, StudioApiPaths.DraftItem(Slug, "no-such-item"), etag);
        var malformed = await admin.EditAsync(HttpMethod.Post, StudioApiPaths.DraftModules(Slug), etag, "{\"key\": 3}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("question", out _), problem.ToString());
        Assert.Contains("needs a tolerance", problem.GetProperty("errors").GetProperty("question")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("already used", (await duplicate.ReadProblemAsync()).GetProperty("errors").GetProperty("key")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var draft = await admin.GetAsync(StudioApiPaths.Draft(Slug), Ct);
        Assert.Equal(etag, draft.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task ExportImportExport_OfTheShippedCourse_IsByteIdentical()
    {
        var admin = await api.AdminAsync();

        var exported = await admin.GetByteArrayAsync(StudioApiPaths.Export(Slug), Ct);
        using var upload = new ByteArrayContent(exported);
        upload.Headers.ContentType = new("application/zip");
        var import = await admin.PostAsync(StudioApiPaths.Import(Slug), upload, Ct);
        var again = await admin.GetByteArrayAsync(StudioApiPaths.Export(Slug, "draft"), Ct);

        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        Assert.Empty((await import.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("problems").EnumerateArray());
        Assert.Equal(exported, again);
        using var zip = new ZipArchive(new MemoryStream(exported));
        var mediaFolder = Path.Combine(CoursePackageFixtures.ShippedCourse, "media") + Path.DirectorySeparatorChar;
        var shippedFiles = Directory.GetFiles(CoursePackageFixtures.ShippedCourse, "*", SearchOption.AllDirectories).Where(file => !file.StartsWith(mediaFolder, StringComparison.Ordinal)).ToList();
        Assert.Equal(shippedFiles.Count, zip.Entries.Count);
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            var onDisk = await File.ReadAllTextAsync(Path.Combine(MoocApiFactory.RepositoryRoot, "courses", entry.FullName), Ct);
            Assert.True(onDisk == await reader.ReadToEndAsync(Ct), entry.FullName);
        }
    }

    [Fact]
    public async Task ABrokenZip_IsRefusedWithItsProblems()
    {
        var admin = await api.AdminAsync();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { [$"{Slug}/course.yaml"] = "slug: understanding-ai\ntitle: [unclosed\n" };
        using var upload = new ByteArrayContent(StudioEndpointsZip(files));
        upload.Headers.ContentType = new("application/zip");
        using var notZip = new StringContent("not a zip");

        var broken = await admin.PostAsync(StudioApiPaths.Import(Slug), upload, Ct);
        var garbage = await admin.PostAsync(StudioApiPaths.Import(Slug), notZip, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var brokenProblem = await broken.ReadProblemAsync();
        Assert.Contains("course.yaml:", brokenProblem.GetProperty("errors").GetProperty("package")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(1, await api.CountRowsAsync("course_versions"));
    }

    [Fact]
    public async Task ACourseCreatedFromScratch_IsFilledByItsStaff_AndPublished()
    {
        var admin = await api.AdminAsync();
        var created = await admin.PostAsJsonAsync(StudioApiPaths.AdminCourses, new { slug = "ethics-101", title = new { en = "AI ethics", fr = "Éthique de l'IA" } }, Ct);
        var taken = await admin.PostAsJsonAsync(StudioApiPaths.AdminCourses, new { slug = "ethics-101", title = new { en = "Again", fr = "Encore" } }, Ct);
        var author = await api.InstructorAsync(admin, "author@example.org", "ethics-101");
        var etag = created.Headers.ETag!.Tag;

        var tooEarly = await author.EditAsync(HttpMethod.Post, StudioApiPaths.Publish("ethics-101"), etag);
        etag = await author.EditOkAsync(HttpMethod.Put, StudioApiPaths.DraftCourse("ethics-101"), etag, """
            {"title": {"en": "AI ethics", "fr": "Éthique de l'IA"}, "summary": {"en": "Fairness, privacy, accountability.", "fr": "Équité, vie privée, responsabilité."},
             "languages": ["en", "fr"], "effort": {"weeks": 1, "hoursPerWeek": 1},
             "runs": [{"key": "open", "title": {"en": "Open", "fr": "Ouvert"}, "pacing": "self", "enrollmentOpens": "2026-11-01T00:00:00Z", "starts": "2026-11-01T00:00:00Z"}],
             "grading": {"passMark": 0.5, "weights": [{"quiz": "ethics-quiz", "weight": 1}]}, "certificate": {"minGrade": 0.5}}
            """);
        etag = await author.EditOkAsync(HttpMethod.Post, StudioApiPaths.DraftModules("ethics-101"), etag, new { key = "basics", title = new { en = "Basics", fr = "Les bases" }, summary = new { en = "Start here.", fr = "Commencez ici." } });
        etag = await author.EditOkAsync(HttpMethod.Post, StudioApiPaths.DraftItems("ethics-101", "basics"), etag, new { type = "reading", key = "ethics-reading", title = new { en = "Why ethics", fr = "Pourquoi l'éthique" }, minutes = 5, notes = new { en = "Notes.", fr = "Notes." } });
        etag = await author.EditOkAsync(HttpMethod.Post, StudioApiPaths.DraftItems("ethics-101", "basics"), etag, """
            {"type": "quiz", "key": "ethics-quiz", "title": {"en": "Check", "fr": "Vérification"},
             "policy": {"maxAttempts": 2, "gradingMethod": "highest", "showAnswers": "after_last_attempt", "passMark": 0.5},
             "questions": [{"key": "q1", "type": "true_false", "points": 1, "prompt": {"en": "Bias can come from data.", "fr": "Les biais peuvent venir des données."},
                            "answer": {"boolean": true}, "explanation": {"en": "Yes.", "fr": "Oui."}}]}
            """);
        var preview = await author.GetFromJsonAsync<JsonElement>(StudioApiPaths.Preview("ethics-101"), Ct);
        var publish = await author.EditAsync(HttpMethod.Post, StudioApiPaths.Publish("ethics-101"), etag);
        var catalog = await api.CreateClient().GetAsync("/api/courses/ethics-101", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        Assert.Equal("Basics", preview.GetProperty("modules")[0].GetProperty("title").GetString());
        await publish.EnsureSuccessWithBodyAsync();
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        var learner = await api.CreateClient().SignUpAndEnrolAsync(api, "first-learner@example.org", "ethics-101", "open");
        var attempt = await learner.StartAsync("ethics-101", "ethics-quiz");
        Assert.Equal("q1", attempt.GetProperty("questions")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task SupportActions_AreHonoured_AndAudited()
    {
        var learner = await api.LearnerAsync("supported@example.org");
        var learnerId = (await learner.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetGuid();
        var admin = await api.AdminAsync();
        var staff = await api.InstructorAsync(admin, "support@example.org", Slug);
        var allowed = WeekOneQuiz.Policy.MaxAttempts;
        var delay = TimeSpan.FromMinutes(WeekOneQuiz.Policy.DelayMinutes ?? 0);
        for (var i = 0; i < allowed; i++)
        {
            api.Clock.Advance(delay);
            await learner.TakeQuizAsync(Slug, WeekOneQuiz, asked => asked.Take(asked.Count / 2));
        }

        api.Clock.Advance(delay);
        var refused = await learner.PostAsync(LearningApiPaths.Attempts(Slug, WeekOneQuiz.Key), null, Ct);
        var grant = await staff.PutAsJsonAsync(StudioApiPaths.Accommodations(Slug, learnerId), new { quiz = WeekOneQuiz.Key, extraAttempts = 1, extraTimePercent = 0, reason = $"Connection lost during attempt {allowed}" }, Ct);
        var fourth = await learner.PostAsync(LearningApiPaths.Attempts(Slug, WeekOneQuiz.Key), null, Ct);
        var reset = await staff.PostAsJsonAsync(StudioApiPaths.ResetAttempts(Slug, learnerId, WeekOneQuiz.Key), new { reason = "Quiz had a wrong key" }, Ct);
        var afterReset = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, WeekOneQuiz.Key), Ct);
        var weekTwoQuiz = Shipped.Modules[1].GradedQuiz();
        var lockedWeek = await learner.PostAsync(LearningApiPaths.Attempts(Slug, weekTwoQuiz.Key), null, Ct);
        var shift = await staff.PostAsJsonAsync(StudioApiPaths.Schedule(Slug, learnerId), new { days = -7, reason = "Already knows week 1" }, Ct);
        var openedWeek = await learner.PostAsync(LearningApiPaths.Attempts(Slug, weekTwoQuiz.Key), null, Ct);
        var noReason = await staff.PostAsJsonAsync(StudioApiPaths.Schedule(Slug, learnerId), new { days = 1, reason = "" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fourth.StatusCode);
        Assert.Equal(allowed + 1, (await reset.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("changed").GetInt32());
        Assert.Equal(0, afterReset.GetProperty("attemptsUsed").GetInt32());
        Assert.Empty(afterReset.GetProperty("attempts").EnumerateArray());
        Assert.Equal(0m, (await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct)).GetProperty("grade").GetDecimal());
        Assert.Equal(HttpStatusCode.Conflict, lockedWeek.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shift.StatusCode);
        Assert.Equal(HttpStatusCode.Created, openedWeek.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var audit = await api.WithScopeAsync<MoocDbContext, List<string>>(db => db.AuditLog.Where(entry => entry.SubjectUserId == learnerId).Select(entry => entry.Action + ": " + entry.Reason).ToListAsync(Ct));
        Assert.Equal([$"learner.accommodation: Connection lost during attempt {allowed}", "learner.reset-attempts: Quiz had a wrong key", "learner.schedule-shift: Already knows week 1"], audit.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GradeReport_ForTenThousandLearners_StreamsWithTheSameNumberOfQueriesAsForTen()
    {
        var admin = await api.AdminAsync();
        var staff = await api.InstructorAsync(admin, "reports@example.org", Slug);
        await SeedLearnersAsync(10);

        // Once first, so that every counted run finds the course's content in the cache (it is parsed once per process).
        await staff.GetStringAsync(StudioApiPaths.Report(Slug, "enrollments.csv"), Ct);
        var (few, fewLines) = await CountQueriesAsync(staff, StudioApiPaths.Report(Slug, "grades.csv"));
        await SeedLearnersAsync(9_990);

        var (many, manyLines) = await CountQueriesAsync(staff, StudioApiPaths.Report(Slug, "grades.csv"));

        Assert.Equal(few, many);
        Assert.Equal(11, fewLines.Count);
        Assert.Equal(10_001, manyLines.Count);
        // A column per quiz of the course, practice sets included; the seeded learners have a grade in week 1's quiz only.
        var quizzes = Shipped.Quizzes.Select(quiz => quiz.Key).ToList();
        Assert.Equal($"learner,email,display_name,run,state,{string.Join(',', quizzes)},course_grade,certificate", manyLines[0]);
        Assert.EndsWith($",in_progress,{string.Join(',', quizzes.Select(quiz => quiz == WeekOneQuiz.Key ? "0.8" : ""))},0.2,none", manyLines[1], StringComparison.Ordinal);
        var (enrolmentQueries, enrolmentLines) = await CountQueriesAsync(staff, StudioApiPaths.Report(Slug, "enrollments.csv"));
        Assert.Equal(10_001, enrolmentLines.Count);
        Assert.Equal(few, enrolmentQueries);
        var funnel = await staff.GetFromJsonAsync<JsonElement>(StudioApiPaths.Report(Slug, "funnel"), Ct);
        Assert.Equal(10_000, funnel.GetProperty("enrolled").GetInt32());
        var coverage = await staff.GetFromJsonAsync<JsonElement>(StudioApiPaths.Report(Slug, "video-coverage"), Ct);
        Assert.Equal(10_000, coverage.GetProperty("lessons")[0].GetProperty("notStarted").GetInt32());
        var page = await staff.GetFromJsonAsync<JsonElement>(StudioApiPaths.Report(Slug, "enrollments") + "?limit=500", Ct);
        Assert.Equal(500, page.GetProperty("items").GetArrayLength());
        var next = page.GetProperty("next").GetGuid();
        var second = await staff.GetFromJsonAsync<JsonElement>(StudioApiPaths.Report(Slug, "enrollments") + $"?limit=500&after={next}", Ct);
        Assert.DoesNotContain(second.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()), id => page.GetProperty("items").EnumerateArray().Any(first => first.GetProperty("id").GetGuid() == id));
    }

    /// <summary>Runs a report, counting the SQL commands this test's database received while it ran; the CSV read as a stream.</summary>
    private async Task<(int Queries, List<string> Lines)> CountQueriesAsync(HttpClient client, string path)
    {
        using var watch = new SqlWatch(api.ConnectionString);
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Ct);
        await response.EnsureSuccessWithBodyAsync();
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        List<string> lines = [];
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            lines.Add(line);
        }

        var queries = watch.Commands.Count;
        Assert.True(queries > 0, "no query was seen: the count would prove nothing");
        return (queries, lines);
    }

    /// <summary>Learners enrolled in the self-paced run with a week-1 quiz grade, written straight into the database.</summary>
    private async Task SeedLearnersAsync(int count)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("""
            WITH course AS (SELECT c.id AS course_id, r.id AS run_id FROM courses c JOIN course_runs r ON r.course_id = c.id AND r.key = 'self-paced' WHERE c.slug = 'understanding-ai'),
                 start AS (SELECT count(*) AS n FROM users WHERE email LIKE 'bulk%'),
                 learners AS (
                   INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, security_stamp, concurrency_stamp,
                                      phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, display_name, created_at)
                   SELECT gen_random_uuid(), e, upper(e), e, upper(e), true, md5(e), md5(e), false, false, true, 0, 'Learner ' || i, now()
                   FROM start, generate_series(start.n + 1, start.n + $1) AS i, LATERAL (SELECT 'bulk' || lpad(i::text, 6, '0') || '@example.org' AS e) AS address
                   RETURNING id),
                 enrolled AS (
                   INSERT INTO enrollments (id, user_id, course_id, run_id, state, enrolled_at, video_allowance, grade, schedule_shift_days)
                   SELECT gen_random_uuid(), learners.id, course.course_id, course.run_id, 'InProgress', now(), 10, 0.2, 0 FROM learners, course
                   RETURNING id)
            INSERT INTO quiz_grades (id, enrollment_id, quiz_key, grade, best, graded_attempts, passed, ever_passed, updated_at)
            SELECT gen_random_uuid(), enrolled.id, 'origins-quiz', 0.8, 0.8, 1, true, true, now() FROM enrolled
            """, connection);
        command.Parameters.AddWithValue(count);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static IEnumerable<(string Key, string State, double Coverage)> ItemStates(JsonElement outline) =>
        outline.GetProperty("modules").EnumerateArray().SelectMany(module => module.GetProperty("items").EnumerateArray())
            .Select(item => (item.GetProperty("key").GetString()!, item.GetProperty("state").GetString()!, item.TryGetProperty("coverage", out var coverage) && coverage.ValueKind == JsonValueKind.Number ? coverage.GetDouble() : -1));

    private static byte[] StudioEndpointsZip(SortedDictionary<string, string> files) => PackageExchangeEndpoints.Zip(files);

    [GeneratedRegex(@"\{\*?(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
