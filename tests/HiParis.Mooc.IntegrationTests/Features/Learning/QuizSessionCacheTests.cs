using System.Net;
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

/// <summary>
/// A learner's quiz request starts from the session their last one left on this instance (ADR 32): each test
/// makes such a session, changes what it holds elsewhere, and shows that the next request here sees the change.
/// </summary>
public sealed class QuizSessionCacheTests(MoocApiFactory api, TestDatabase database) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly QuizSpec Quiz = Shipped.Modules[0].GradedQuiz();

    /// <summary>Two attempts with no delay, the whole quiz each time, 30 minutes each, the key shown after the last attempt.</summary>
    private static readonly CoursePackage Course = Shipped.WithPolicy(Quiz.Key, policy => policy with
    {
        MaxAttempts = 2,
        DelayMinutes = 0,
        Draw = null,
        TimeLimitMinutes = 30,
        ShowAnswers = ShowAnswers.AfterLastAttempt,
    });

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Course);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A keeps the session with the attempt unanswered; B saves every answer right; A's submit must grade B's answers.</summary>
    [Fact]
    public async Task AnswersSavedOnAnotherInstance_AreTheOnesASubmitHereGrades()
    {
        await using var pair = await InstanceApiFactory.PairAsync(database, Course, "two-tabs@example.org");
        var (onA, onB) = (pair.OnA, pair.OnB);

        var attempt = await onA.StartAsync(Slug, Quiz.Key);
        var id = attempt.GetProperty("id").GetGuid();
        (await onB.PutAsJsonAsync(LearningApiPaths.Answers(id), new { answers = QuizAnswers.For(Quiz, attempt) }, Ct)).EnsureSuccessStatusCode();
        var submitted = await SubmitAsync(onA, id);

        Assert.Equal(1m, submitted.GetProperty("grade").GetDecimal());
    }

    /// <summary>
    /// The session kept after the first attempt holds no accommodation; a grant of 50 % more time must reach the
    /// second attempt's deadline.
    /// </summary>
    [Fact]
    public async Task ExtraTimeGrantedAfterAnAttempt_IsInTheNextAttemptsDeadline()
    {
        var learner = await api.LearnerAsync("extra-time@example.org");
        var learnerId = (await learner.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetGuid();
        var staff = await api.InstructorAsync(await api.AdminAsync(), "support-desk@example.org", Slug);

        var first = await learner.StartAsync(Slug, Quiz.Key);
        await SubmitAsync(learner, first.GetProperty("id").GetGuid());
        var grant = await staff.PutAsJsonAsync(StudioApiPaths.Accommodations(Slug, learnerId), new { quiz = Quiz.Key, extraAttempts = 0, extraTimePercent = 50, reason = "Tiers temps" }, Ct);
        var second = await learner.StartAsync(Slug, Quiz.Key);

        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(30), Duration(first));
        Assert.Equal(TimeSpan.FromMinutes(45), Duration(second));
    }

    /// <summary>
    /// The second start is made on the session the first attempt left here, and writes only the enrolment's row and
    /// the attempt (ADR 36); course staff granted 50 % more time on another instance in between. The start must
    /// find the enrolment changed and run again on a fresh load: the deadline is 45 minutes, and it is attempt 2.
    /// </summary>
    [Fact]
    public async Task AStartFromAKeptSession_SeesAnAccommodationGrantedOnAnotherInstance()
    {
        var learner = await api.LearnerAsync("extra-time-elsewhere@example.org");
        var learnerId = (await learner.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetGuid();
        var beside = await InstanceApiFactory.BesideAsync(database, api, await api.InstructorAsync(await api.AdminAsync(), "desk-elsewhere@example.org", Slug));
        await using var other = beside.Instance;

        var first = await learner.StartAsync(Slug, Quiz.Key);
        await SubmitAsync(learner, first.GetProperty("id").GetGuid());
        var grant = await beside.Client.PutAsJsonAsync(StudioApiPaths.Accommodations(Slug, learnerId), new { quiz = Quiz.Key, extraAttempts = 0, extraTimePercent = 50, reason = "Tiers temps" }, Ct);
        var second = await learner.StartAsync(Slug, Quiz.Key);

        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(45), Duration(second));
        Assert.Equal(2, second.GetProperty("number").GetInt32());
    }

    /// <summary>
    /// A refusal from a kept session writes nothing, so it stands only once that session is known to be current:
    /// both attempts are used here, course staff grant one more on another instance, and the next start here is
    /// attempt 3, not a refusal from what the session held.
    /// </summary>
    [Fact]
    public async Task AStartRefusedByAKeptSession_SeesAnAttemptGrantedOnAnotherInstance()
    {
        var learner = await api.LearnerAsync("attempt-granted-elsewhere@example.org");
        var learnerId = (await learner.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetGuid();
        var beside = await InstanceApiFactory.BesideAsync(database, api, await api.InstructorAsync(await api.AdminAsync(), "attempts-desk@example.org", Slug));
        await using var other = beside.Instance;

        await SubmitAsync(learner, (await learner.StartAsync(Slug, Quiz.Key)).GetProperty("id").GetGuid());
        await SubmitAsync(learner, (await learner.StartAsync(Slug, Quiz.Key)).GetProperty("id").GetGuid());
        var grant = await beside.Client.PutAsJsonAsync(StudioApiPaths.Accommodations(Slug, learnerId), new { quiz = Quiz.Key, extraAttempts = 1, extraTimePercent = 0, reason = "Absence justifiée" }, Ct);
        var third = await learner.StartAsync(Slug, Quiz.Key);

        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal(3, third.GetProperty("number").GetInt32());
    }

    /// <summary>
    /// A start from a kept session counts the attempts made elsewhere since it was kept: after the first attempt
    /// here and the second (the last allowed) on B, a third start here is refused, and the database holds two.
    /// </summary>
    [Fact]
    public async Task AStartFromAKeptSession_CountsTheAttemptsMadeOnAnotherInstance()
    {
        await using var pair = await InstanceApiFactory.PairAsync(database, Course, "attempts-elsewhere@example.org");
        var (onA, onB) = (pair.OnA, pair.OnB);

        await SubmitAsync(onA, (await onA.StartAsync(Slug, Quiz.Key)).GetProperty("id").GetGuid());
        await SubmitAsync(onB, (await onB.StartAsync(Slug, Quiz.Key)).GetProperty("id").GetGuid());
        var third = await onA.PostAsync(LearningApiPaths.Attempts(Slug, Quiz.Key), null, Ct);
        var problem = await third.ReadProblemAsync();
        var attempts = await pair.A.WithScopeAsync<Api.Infrastructure.Persistence.MoocDbContext, int>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.QuizAttempts, attempt => attempt.QuizKey == Quiz.Key, Ct));

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal("quiz.no-attempts-left", problem.GetProperty("code").GetString());
        Assert.Equal(2, attempts);
    }

    /// <summary>
    /// Submitting a submitted attempt writes nothing, so it answers from the kept session only once that session is
    /// known to be current: after the last attempt is used on B, A shows the first attempt's key.
    /// </summary>
    [Fact]
    public async Task ASubmitThatWritesNothing_AnswersWithWhatAnotherInstanceChanged()
    {
        var learner = await api.LearnerAsync("resubmit@example.org");
        var beside = await InstanceApiFactory.BesideAsync(database, api, learner);
        await using var other = beside.Instance;
        var elsewhere = beside.Client;

        var first = (await learner.StartAsync(Slug, Quiz.Key)).GetProperty("id").GetGuid();
        var submitted = await SubmitAsync(learner, first);
        var last = (await elsewhere.StartAsync(Slug, Quiz.Key)).GetProperty("id").GetGuid();
        await SubmitAsync(elsewhere, last);
        var again = await SubmitAsync(learner, first);

        Assert.False(submitted.GetProperty("answersShown").GetBoolean());
        Assert.True(again.GetProperty("answersShown").GetBoolean());
    }

    /// <summary>
    /// A's session is loaded afresh for the practice set (B changed the enrolment), so it holds none of the graded
    /// quiz's attempts; a start of the graded quiz from it must count the attempt made there before: number 2.
    /// The graph loads them (<c>LearnerRecords.AddQuizAsync</c>); were it not to, the unique attempt number would
    /// fail the save and the request would run again on a fresh load, so this shows the answer, not which of the two.
    /// </summary>
    [Fact]
    public async Task ASessionKeptForAnotherQuiz_CountsThisQuizsEarlierAttempts()
    {
        var practice = Shipped.Modules[0].Items.OfType<QuizSpec>().First(quiz => quiz.IsPractice);
        await using var pair = await InstanceApiFactory.PairAsync(database, Course, "two-quizzes@example.org");
        var (onA, onB) = (pair.OnA, pair.OnB);

        var first = await onA.StartAsync(Slug, Quiz.Key);
        await SubmitAsync(onA, first.GetProperty("id").GetGuid());
        await SubmitAsync(onB, (await onB.StartAsync(Slug, practice.Key)).GetProperty("id").GetGuid());
        var practiceOnA = await onA.StartAsync(Slug, practice.Key);
        var second = await onA.StartAsync(Slug, Quiz.Key);

        Assert.Equal(2, practiceOnA.GetProperty("number").GetInt32());
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        Assert.Equal(2, second.GetProperty("number").GetInt32());
    }

    /// <summary>
    /// An autosave from A's kept session is written in one statement (ADR 34). The questions are answered in
    /// three parts: A (from its session), then B (on a load), then A again, whose session B made stale. A submit on
    /// B grades what the database holds: every part must be there, so the grade is 1.
    /// </summary>
    [Fact]
    public async Task AutosavesFromAKeptSession_AreWrittenAndNeverOverwriteAnotherInstances()
    {
        await using var pair = await InstanceApiFactory.PairAsync(database, Course, "autosaves@example.org");
        var (onA, onB) = (pair.OnA, pair.OnB);

        var attempt = await onA.StartAsync(Slug, Quiz.Key);
        var id = attempt.GetProperty("id").GetGuid();
        var parts = QuizAnswers.For(Quiz, attempt).Select((answer, index) => (answer, index)).GroupBy(pair => pair.index % 3, pair => pair.answer).ToList();
        foreach (var (client, part) in new[] { (onA, parts[0]), (onB, parts[1]), (onA, parts[2]) })
        {
            var saved = await client.PutAsJsonAsync(LearningApiPaths.Answers(id), new { answers = part.ToDictionary() }, Ct);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var submitted = await SubmitAsync(onB, id);

        Assert.Equal(3, parts.Count);
        Assert.Equal(1m, submitted.GetProperty("grade").GetDecimal());
    }

    /// <summary>
    /// A kept session forgets the transitions that earlier requests recorded and saved: the log keeps each of
    /// them once, and the second attempt's, made from the kept session, are added to it.
    /// </summary>
    [Fact]
    public async Task TwoAttemptsFromKeptSessions_AreEachInTheLogOnce()
    {
        var learner = await api.LearnerAsync("logged-twice@example.org");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await SubmitAsync(learner, (await learner.StartAsync(Slug, Quiz.Key)).GetProperty("id").GetGuid());
        }

        var submitted = await api.WithScopeAsync<Api.Infrastructure.Persistence.MoocDbContext, List<string>>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.ProgressTransitions.Where(transition => transition.Lifecycle == "attempt" && transition.ToState == "Submitted").Select(transition => transition.SubjectKey), Ct));
        Assert.Equal(new[] { $"{Quiz.Key}#1", $"{Quiz.Key}#2" }, submitted.Order());
    }

    /// <summary>
    /// A submit from a kept session writes the rows it changed without attaching the graph (ADR 42). The first
    /// attempt, all wrong, is submitted the usual way; the second, all right, is started, answered and
    /// submitted from the sessions A kept (its save writes the enrolment's row whole, which the usual way does
    /// not). B, loading afresh, must show all of the second submit: the attempt graded 1, the
    /// quiz's grade 1 and passed, the quiz's item completed, the course grade raised, and the attempt's and the
    /// item's changes in the log.
    /// </summary>
    [Fact]
    public async Task ASubmitFromAKeptSession_WritesEverythingTheSubmitChanged()
    {
        await using var pair = await InstanceApiFactory.PairAsync(database, Course, "kept-submit@example.org");
        var (onA, onB) = (pair.OnA, pair.OnB);

        var first = await AnsweredAsync(onA, Quiz.Questions.Select(question => question.Key));
        var before = await onB.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);
        var (usual, _) = await SavedFromAKeptSessionAsync(pair.A, () => SubmitAsync(onA, first));
        var second = await AnsweredAsync(onA);
        var (kept, submitted) = await SavedFromAKeptSessionAsync(pair.A, () => SubmitAsync(onA, second));
        var attempts = await onB.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, Quiz.Key), Ct);
        var outline = await onB.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);
        var after = await onB.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);
        var logged = await pair.A.WithScopeAsync<Api.Infrastructure.Persistence.MoocDbContext, List<string>>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.ProgressTransitions.Where(transition => transition.SubjectKey.StartsWith(Quiz.Key)).Select(transition => transition.SubjectKey + ">" + transition.ToState), Ct));

        Assert.Equal((false, true), (usual, kept));
        Assert.Equal(1m, submitted.GetProperty("grade").GetDecimal());
        Assert.Equal(["submitted", "submitted"], attempts.GetProperty("attempts").EnumerateArray().Select(attempt => attempt.GetProperty("state").GetString()));
        Assert.Equal(1m, attempts.GetProperty("attempts")[1].GetProperty("grade").GetDecimal());
        Assert.Equal((1m, true), (attempts.GetProperty("grade").GetDecimal(), attempts.GetProperty("passed").GetBoolean()));
        var item = outline.GetProperty("modules")[0].GetProperty("items").EnumerateArray().Single(candidate => candidate.GetProperty("key").GetString() == Quiz.Key);
        Assert.Equal("completed", item.GetProperty("state").GetString());
        Assert.True(after.GetProperty("grade").GetDecimal() > before.GetProperty("grade").GetDecimal());
        Assert.Contains($"{Quiz.Key}#2>Submitted", logged);
        Assert.Contains($"{Quiz.Key}>Completed", logged);
    }

    /// <summary>
    /// Two branches of a submit from a kept session (ADR 42) that the test above does not reach: a submit that
    /// completes the quiz's module (its row written at its kept version, the module's milestone reported), and a
    /// quiz's first grade (a row the graph did not hold, added). Week 1 is a reading and its quiz: with the reading
    /// read and a first attempt failed, the second attempt, passed, completes the week. Week 2's quiz, open 7 days
    /// later, is then started and submitted: its grade is the first. Both passing submits are saved from the kept
    /// session, and B, loading afresh, shows what each wrote.
    /// </summary>
    [Fact]
    public async Task ASubmitFromAKeptSession_CompletesAModuleAndAddsAFirstGrade()
    {
        var (firstWeek, reading) = (Shipped.Modules[0], Shipped.Modules[0].Items.OfType<ReadingSpec>().First());
        var secondQuiz = Shipped.Modules[1].GradedQuiz();
        var course = (Course with { Modules = [firstWeek with { Items = [reading, Quiz] }, .. Shipped.Modules.Skip(1)] })
            .WithPolicy(Quiz.Key, policy => policy with { MaxAttempts = 2, DelayMinutes = 0, Draw = null })
            .WithPolicy(secondQuiz.Key, policy => policy with { Draw = null });
        await using var pair = await InstanceApiFactory.PairAsync(database, course, "kept-branches@example.org");
        var (onA, onB) = (pair.OnA, pair.OnB);

        (await onA.PostAsync(LearningApiPaths.CompleteItem(Slug, reading.Key), null, Ct)).EnsureSuccessStatusCode();
        await SubmitAsync(onA, await AnsweredAsync(onA, Quiz, Quiz.Questions.Select(question => question.Key)));
        var passed = await AnsweredAsync(onA, Quiz);
        var (completing, _) = await SavedFromAKeptSessionAsync(pair.A, () => SubmitAsync(onA, passed));
        pair.A.Clock.Advance(TimeSpan.FromDays(7));
        pair.B.Clock.Advance(TimeSpan.FromDays(7));
        var second = await AnsweredAsync(onA, secondQuiz);
        var (grading, _) = await SavedFromAKeptSessionAsync(pair.A, () => SubmitAsync(onA, second));
        var outline = await onB.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);
        var attempts = await onB.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, secondQuiz.Key), Ct);

        Assert.Equal((true, true), (completing, grading));
        Assert.Equal("completed", outline.GetProperty("modules")[0].GetProperty("state").GetString());
        Assert.Equal((1m, true), (attempts.GetProperty("grade").GetDecimal(), attempts.GetProperty("passed").GetBoolean()));
    }

    /// <summary>
    /// A kept the session with the second attempt unanswered; B saves every answer right. A's submit starts from
    /// its kept session (ADR 42), which B made stale: its save must fail on the enrolment's row version and run
    /// again on a fresh load, so that it grades B's answers: 1, not the 0 of what A's session held.
    /// </summary>
    [Fact]
    public async Task ASubmitFromAStaleKeptSession_GradesTheAnswersSavedOnAnotherInstance()
    {
        await using var pair = await InstanceApiFactory.PairAsync(database, Course, "stale-submit@example.org");
        var (onA, onB) = (pair.OnA, pair.OnB);

        await SubmitAsync(onA, await AnsweredAsync(onA, Quiz.Questions.Select(question => question.Key)));
        var second = await onA.StartAsync(Slug, Quiz.Key);
        var id = second.GetProperty("id").GetGuid();
        (await onB.PutAsJsonAsync(LearningApiPaths.Answers(id), new { answers = QuizAnswers.For(Quiz, second) }, Ct)).EnsureSuccessStatusCode();
        var submitted = await SubmitAsync(onA, id);

        Assert.Equal(1m, submitted.GetProperty("grade").GetDecimal());
    }

    /// <summary>Starts an attempt and saves its answers, right but for <paramref name="wrong"/>; returns its id.</summary>
    private static Task<Guid> AnsweredAsync(HttpClient learner, params IEnumerable<string> wrong) => AnsweredAsync(learner, Quiz, wrong);

    /// <summary>Starts an attempt at <paramref name="quiz"/> and saves its answers, right but for <paramref name="wrong"/>; returns its id.</summary>
    private static async Task<Guid> AnsweredAsync(HttpClient learner, QuizSpec quiz, params IEnumerable<string> wrong)
    {
        var attempt = await learner.StartAsync(Slug, quiz.Key);
        var id = attempt.GetProperty("id").GetGuid();
        (await learner.PutAsJsonAsync(LearningApiPaths.Answers(id), new { answers = QuizAnswers.For(quiz, attempt, wrong) }, Ct)).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>
    /// Whether <paramref name="request"/> wrote the enrolment's row whole, which a save from a kept session does
    /// (ADR 36, 42: the row is tracked alone and marked modified); a save the usual way writes the columns that
    /// changed. The watch sees every command sent to the database the instances share; it fails unless the
    /// enrolment's row was written exactly once while the request ran. Returns that, with the request's answer.
    /// </summary>
    private static async Task<(bool Kept, T Answer)> SavedFromAKeptSessionAsync<T>(MoocApiFactory instance, Func<Task<T>> request)
    {
        using var watch = new SqlWatch(instance.ConnectionString);
        var answer = await request();
        var update = Assert.Single(watch.Statements("UPDATE enrollments SET"));
        return (update.Contains("user_id = ", StringComparison.Ordinal), answer);
    }

    private static TimeSpan Duration(JsonElement attempt) =>
        attempt.GetProperty("deadline").GetDateTimeOffset() - attempt.GetProperty("startedAt").GetDateTimeOffset();

    private static async Task<JsonElement> SubmitAsync(HttpClient learner, Guid attempt)
    {
        var response = await learner.PostAsync(LearningApiPaths.Submit(attempt), null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}
