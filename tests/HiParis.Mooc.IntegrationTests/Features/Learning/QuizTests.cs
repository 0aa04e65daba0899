using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.IntegrationTests.Features.Learning;

public sealed class QuizTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly QuizSpec WeekOneQuiz = Shipped.Modules[0].GradedQuiz();
    private static readonly QuizSpec WeekTwoQuiz = Shipped.Modules[1].GradedQuiz();

    /// <summary>
    /// The shipped course with the quiz policies these tests exercise, whatever the shipped ones are: three attempts
    /// with no delay and no draw from the pool, and a 30-minute limit in week 2.
    /// </summary>
    private static readonly CoursePackage Course = Shipped
        .WithPolicy(WeekOneQuiz.Key, policy => policy with { MaxAttempts = 3, DelayMinutes = 0, Draw = null })
        .WithPolicy(WeekTwoQuiz.Key, policy => policy with { MaxAttempts = 3, DelayMinutes = 0, Draw = null, TimeLimitMinutes = 30 });

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Course);
    }

    /// <summary>A quiz's share of the course grade.</summary>
    private static decimal Weight(QuizSpec quiz) => Course.Grading.Weights.Single(weight => weight.Quiz == quiz.Key).Weight;

    /// <summary>The first half of the questions an attempt asks: answered wrong, they fail any pass mark above one half.</summary>
    private static IEnumerable<string> FirstHalf(IReadOnlyList<string> asked) => asked.Take(asked.Count / 2);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> LearnerAsync(string email)
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, email);
        (await client.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct)).EnsureSuccessStatusCode();
        return client;
    }

    private static Task<HttpResponseMessage> StartAsync(HttpClient learner, string? quiz = null) => learner.PostAsync(LearningApiPaths.Attempts(Slug, quiz ?? WeekOneQuiz.Key), null, Ct);

    private static Task<HttpResponseMessage> SaveAsync(HttpClient learner, Guid attempt, object answers) =>
        learner.PutAsJsonAsync(LearningApiPaths.Answers(attempt), new { answers }, Ct);

    [Fact]
    public async Task Start_ShowsEveryQuestionInTheAttemptsOrder_WithoutTheKey()
    {
        var learner = await LearnerAsync("start@example.org");

        var response = await StartAsync(learner);
        var attempt = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var again = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempt(attempt.GetProperty("id").GetGuid()), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("in_progress", attempt.GetProperty("state").GetString());
        Assert.Equal(1, attempt.GetProperty("number").GetInt32());
        var keys = attempt.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("key").GetString()).ToList();
        Assert.Equal(WeekOneQuiz.Questions.Select(q => q.Key).Order(), keys.Order());
        Assert.Equal(Order(attempt), Order(again));
        Assert.False(attempt.GetProperty("answersShown").GetBoolean());
        AssertNoKey(attempt, WeekOneQuiz);
    }

    [Fact]
    public async Task Start_ThirtyTimesInParallel_WithThreeAttemptsAllowed_StartsExactlyThree()
    {
        var learner = await LearnerAsync("racer@example.org");

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => StartAsync(learner)));

        Assert.Equal(3, responses.Count(response => response.StatusCode == HttpStatusCode.Created));
        Assert.Equal(27, responses.Count(response => response.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(response => response.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("quiz.no-attempts-left", (await refused.ReadProblemAsync()).GetProperty("code").GetString());
        }

        Assert.Equal(3, await api.CountRowsAsync("quiz_attempts"));
        var list = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, WeekOneQuiz.Key), Ct);
        Assert.Equal([1, 2, 3], list.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("number").GetInt32()));
        Assert.Equal(["auto_submitted", "auto_submitted", "in_progress"], list.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("state").GetString()));
        Assert.False(list.GetProperty("canStart").GetBoolean());
    }

    [Fact]
    public async Task Start_RepeatedWithTheSameIdempotencyKey_GivesOneAttempt()
    {
        var learner = await LearnerAsync("double-click@example.org");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => learner.StartAsync(Slug, WeekOneQuiz.Key, requestKey: "start-button-1")));

        Assert.Single(attempts.Select(attempt => attempt.GetProperty("id").GetGuid()).Distinct());
        Assert.Equal(1, await api.CountRowsAsync("quiz_attempts"));
    }

    [Fact]
    public async Task Submit_TenTimesInParallel_GradesOnce()
    {
        var learner = await LearnerAsync("submitter@example.org");
        var started = await learner.StartAsync(Slug, WeekOneQuiz.Key);
        var id = started.GetProperty("id").GetGuid();
        var wrong = QuizAnswers.Asked(started)[0];
        (await SaveAsync(learner, id, QuizAnswers.For(WeekOneQuiz, started, wrong))).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => learner.PostAsync(LearningApiPaths.Submit(id), null, Ct)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var grades = await Task.WhenAll(responses.Select(async response => (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("grade").GetDecimal()));
        Assert.All(grades, grade => Assert.Equal(QuizAnswers.GradeWith(WeekOneQuiz, started, wrong), grade));
        var submits = await api.WithScopeAsync<MoocDbContext, int>(db => db.ProgressTransitions.CountAsync(t => t.Lifecycle == "attempt", Ct));
        Assert.Equal(1, submits);
        var quizGrade = await api.WithScopeAsync<MoocDbContext, QuizGrade>(db => db.QuizGrades.SingleAsync(Ct));
        Assert.Equal(1, quizGrade.GradedAttempts);
    }

    [Fact]
    public async Task Submit_ChangesTheCourseGrade_InTheSameRequest()
    {
        var learner = await LearnerAsync("grade@example.org");
        var before = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);

        var submitted = await learner.TakeQuizAsync(Slug, WeekOneQuiz);
        var after = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);

        Assert.Equal(0m, before.GetProperty("grade").GetDecimal());
        Assert.Equal(1m, submitted.GetProperty("grade").GetDecimal());
        Assert.Equal(Weight(WeekOneQuiz), after.GetProperty("grade").GetDecimal());
        var row = await api.WithScopeAsync<MoocDbContext, Enrollment>(db => db.Enrollments.SingleAsync(Ct));
        Assert.Equal(Weight(WeekOneQuiz), row.Grade);
        var quiz = after.GetProperty("quizzes").EnumerateArray().Single(q => q.GetProperty("key").GetString() == WeekOneQuiz.Key);
        Assert.Equal(1m, quiz.GetProperty("best").GetDecimal());
        Assert.Equal(1, quiz.GetProperty("attemptsUsed").GetInt32());
        Assert.True(quiz.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Grade_ExplainsTheCertificateRule_RuleByRule()
    {
        var learner = await LearnerAsync("rules@example.org");
        var taken = await learner.TakeQuizAsync(Slug, WeekOneQuiz, FirstHalf);

        api.Clock.Set(TestClock.Start);
        var grade = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);

        var certificate = grade.GetProperty("certificate");
        Assert.False(certificate.GetProperty("eligible").GetBoolean());
        var rules = certificate.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("rule").GetString()!);
        var courseGrade = QuizAnswers.GradeWith(WeekOneQuiz, taken, FirstHalf(QuizAnswers.Asked(taken))) * Weight(WeekOneQuiz);
        Assert.Equal(Math.Round(courseGrade, 4), rules["min_grade"].GetProperty("actual").GetDecimal());
        Assert.Equal($"Course grade: {Math.Round(courseGrade * 100, 1):0.#}% < 60%", rules["min_grade"].GetProperty("message").GetString());
        Assert.False(rules["min_lessons_completed"].GetProperty("met").GetBoolean());
        var lessons = Course.Items.OfType<VideoLessonSpec>().Count();
        var share = Course.Certificate.MinLessonsCompleted!.Value;
        Assert.Equal($"{(int)Math.Ceiling(share * lessons)} more lessons to complete ({lessons} not completed; 0% < {share * 100:0}%)", rules["min_lessons_completed"].GetProperty("message").GetString());
        Assert.Equal(lessons, rules["min_lessons_completed"].GetProperty("missing").GetArrayLength());
        Assert.Equal(0, grade.GetProperty("lessonsCompleted").GetInt32());
        Assert.Equal(lessons, grade.GetProperty("lessonsTotal").GetInt32());
    }

    [Fact]
    public async Task Grade_WhenEveryQuizMustBePassed_SaysWhichWeekFallsShort_InFrenchToo()
    {
        await api.ImportAsync(Course with { Certificate = Course.Certificate with { AllQuizzesPassed = true } });
        var learner = await LearnerAsync("week1@example.org");
        var taken = await learner.TakeQuizAsync(Slug, WeekOneQuiz, FirstHalf);
        var share = QuizAnswers.GradeWith(WeekOneQuiz, taken, FirstHalf(QuizAnswers.Asked(taken)));

        var english = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, LearningApiPaths.Grade(Slug));
        request.Headers.AcceptLanguage.ParseAdd("fr");
        var french = await (await learner.SendAsync(request, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var weekOne = english.GetProperty("certificate").GetProperty("rules").EnumerateArray().Single(r => r.TryGetProperty("quiz", out var quiz) && quiz.GetString() == WeekOneQuiz.Key);
        Assert.False(weekOne.GetProperty("met").GetBoolean());
        // A week with practice sets has more than one quiz, so the rule names the graded one by its title.
        Assert.Equal($"{WeekOneQuiz.Title["en"]}: {Math.Round(share * 100, 1):0.#}% < {WeekOneQuiz.Policy.PassMark * 100:0}%", weekOne.GetProperty("message").GetString());
        var semaineUn = french.GetProperty("certificate").GetProperty("rules").EnumerateArray().Single(r => r.TryGetProperty("quiz", out var quiz) && quiz.GetString() == WeekOneQuiz.Key);
        Assert.StartsWith(WeekOneQuiz.Title["fr"] + ":", semaineUn.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAnswers_ThatDoNotFitTheQuestions_Answers400NamingThem_AndChangesNothing()
    {
        var learner = await LearnerAsync("typo@example.org");
        var id = (await learner.StartAsync(Slug, WeekOneQuiz.Key)).GetProperty("id").GetGuid();
        var choice = WeekOneQuiz.Questions.First(q => q.Type == QuestionType.SingleChoice);
        (await SaveAsync(learner, id, new Dictionary<string, object> { [choice.Key] = QuizAnswers.Right(choice) })).EnsureSuccessStatusCode();
        var before = await AnswersJsonAsync(id);
        var numeric = WeekOneQuiz.Questions.First(q => q.Type == QuestionType.Numeric).Key;

        var cases = new object[]
        {
            new Dictionary<string, object> { [choice.Key] = new { options = new[] { "zz" } } },
            new Dictionary<string, object> { ["no-such-question"] = new { text = "x" } },
            new Dictionary<string, object> { [numeric] = new { text = "seven" } },
            new Dictionary<string, object> { [choice.Key] = new { options = new[] { choice.Options![0].Key } }, [numeric] = new { options = new[] { "a" } } },
        };
        foreach (var answers in cases)
        {
            var response = await SaveAsync(learner, id, answers);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.ReadProblemAsync();
            Assert.Contains(problem.GetProperty("errors").EnumerateObject(), error => error.Name.StartsWith("answers.", StringComparison.Ordinal));
        }

        var malformed = await learner.PutAsync(LearningApiPaths.Answers(id), new StringContent("{\"answers\": {\"" + choice.Key + "\": {\"number\": \"x\"}}}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(before, await AnswersJsonAsync(id));
    }

    [Theory]
    [InlineData("numeric", "{\"number\": -79228162514264337593543950335}")]
    [InlineData("numeric", "{\"number\": 1e13}")]
    [InlineData("single_choice", "{\"options\": [null]}")]
    [InlineData("multiple_choice", "{\"options\": [\"a\", null]}")]
    [InlineData("short_text", "{\"text\": \"a\\u0000b\"}")]
    [InlineData("short_text", "{\"text\": \"a\\u0007b\"}")]
    public async Task SaveAnswers_ThatCouldNotBeStoredOrGraded_Answers400(string type, string answer)
    {
        var question = WeekOneQuiz.Questions.First(q => q.Type == Enum.Parse<QuestionType>(type.Replace("_", "", StringComparison.Ordinal), ignoreCase: true));
        var body = "{\"answers\": {\"" + question.Key + "\": " + answer + "}}";
        var learner = await LearnerAsync("edge@example.org");
        var id = (await learner.StartAsync(Slug, WeekOneQuiz.Key)).GetProperty("id").GetGuid();
        var before = await AnswersJsonAsync(id);

        var response = await learner.PutAsync(LearningApiPaths.Answers(id), new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var submit = await learner.PostAsync(LearningApiPaths.Submit(id), null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ReadProblemAsync();
        Assert.Equal(before, await AnswersJsonAsync(id));
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
    }

    [Fact]
    public async Task Grade_ClosingAnOverdueAttempt_KeepsTheBestOfTheEarlierOnes()
    {
        var learner = await LearnerAsync("best@example.org");
        api.Clock.Advance(TimeSpan.FromDays(7));
        await learner.TakeQuizAsync(Slug, WeekTwoQuiz);
        await learner.StartAsync(Slug, WeekTwoQuiz.Key);
        api.Clock.Advance(TimeSpan.FromHours(1));

        var grade = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);

        Assert.Equal(Weight(WeekTwoQuiz), grade.GetProperty("grade").GetDecimal());
        var quiz = grade.GetProperty("quizzes").EnumerateArray().Single(q => q.GetProperty("key").GetString() == WeekTwoQuiz.Key);
        Assert.Equal(1m, quiz.GetProperty("grade").GetDecimal());
        Assert.Equal(2, quiz.GetProperty("attemptsUsed").GetInt32());
        var list = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, WeekTwoQuiz.Key), Ct);
        Assert.Equal(["submitted", "auto_submitted"], list.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task AnAttemptOfAnEarlierEnrolment_CanStillBeSeenAndSubmitted()
    {
        var learner = await LearnerAsync("two-runs@example.org");
        var id = (await learner.StartAsync(Slug, WeekOneQuiz.Key)).GetProperty("id").GetGuid();
        (await learner.PostAsync(LearningApiPaths.Enrollment(Slug, "2027-winter"), null, Ct)).EnsureSuccessStatusCode();

        var get = await learner.GetAsync(LearningApiPaths.Attempt(id), Ct);
        var submit = await learner.PostAsync(LearningApiPaths.Submit(id), null, Ct);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        Assert.Equal("submitted", (await submit.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AShowAnswerPolicyTightenedByANewVersion_AppliesToEarlierAttempts()
    {
        // The shipped quizzes show answers after the last attempt only (the validator refuses a key shown while attempts remain): loosen it first.
        await api.ImportAsync(Course.WithPolicy(WeekOneQuiz.Key, policy => policy with { ShowAnswers = ShowAnswers.AfterEachAttempt }));
        var learner = await LearnerAsync("tightened@example.org");
        var attempt = await learner.TakeQuizAsync(Slug, WeekOneQuiz);
        Assert.True(attempt.GetProperty("answersShown").GetBoolean());

        await api.ImportAsync(Course.WithPolicy(WeekOneQuiz.Key, policy => policy with { ShowAnswers = ShowAnswers.Never }));
        var again = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempt(attempt.GetProperty("id").GetGuid()), Ct);

        Assert.False(again.GetProperty("answersShown").GetBoolean());
        AssertNoKey(again, WeekOneQuiz);
    }

    [Fact]
    public async Task SaveAnswers_AfterSubmitting_Answers409()
    {
        var learner = await LearnerAsync("late@example.org");
        var attempt = await learner.TakeQuizAsync(Slug, WeekOneQuiz);

        var response = await SaveAsync(learner, attempt.GetProperty("id").GetGuid(), QuizAnswers.For(WeekOneQuiz, attempt, QuizAnswers.Asked(attempt)[0]));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("attempt.invalid-transition", (await response.ReadProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnotherLearner_CannotSeeOrTouchMyAttempt()
    {
        var owner = await LearnerAsync("owner@example.org");
        var started = await owner.StartAsync(Slug, WeekOneQuiz.Key);
        var id = started.GetProperty("id").GetGuid();
        var intruder = await LearnerAsync("intruder@example.org");

        var responses = new[]
        {
            await intruder.GetAsync(LearningApiPaths.Attempt(id), Ct),
            await SaveAsync(intruder, id, QuizAnswers.For(WeekOneQuiz, started)),
            await intruder.PostAsync(LearningApiPaths.Submit(id), null, Ct),
        };

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
        Assert.Equal("in_progress", (await owner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempt(id), Ct)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Start_InAWeekNotOpenYet_Answers409WithWhenItOpens()
    {
        var learner = await LearnerAsync("eager@example.org");

        var response = await StartAsync(learner, WeekTwoQuiz.Key);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("progress.item-locked", problem.GetProperty("code").GetString());
        Assert.Equal(TestClock.Start.AddDays(7), problem.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal(0, await api.CountRowsAsync("quiz_attempts"));
    }

    [Fact]
    public async Task TimeLimit_PastTheDeadline_TheAttemptIsSubmittedWithItsSavedAnswers_OnTheNextRequest()
    {
        var learner = await LearnerAsync("slow@example.org");
        api.Clock.Advance(TimeSpan.FromDays(7));
        var attempt = await learner.StartAsync(Slug, WeekTwoQuiz.Key);
        var id = attempt.GetProperty("id").GetGuid();
        Assert.Equal(api.Clock.GetUtcNow().AddMinutes(30), attempt.GetProperty("deadline").GetDateTimeOffset());
        var first = WeekTwoQuiz.Questions.Single(question => question.Key == QuizAnswers.Asked(attempt)[0]);
        (await SaveAsync(learner, id, new Dictionary<string, object> { [first.Key] = QuizAnswers.Right(first) })).EnsureSuccessStatusCode();

        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var late = await SaveAsync(learner, id, QuizAnswers.For(WeekTwoQuiz, attempt));

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var problem = await late.ReadProblemAsync();
        Assert.Equal("quiz.attempt-expired", problem.GetProperty("code").GetString());
        var list = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, WeekTwoQuiz.Key), Ct);
        var graded = list.GetProperty("attempts")[0];
        Assert.Equal("auto_submitted", graded.GetProperty("state").GetString());
        Assert.Equal(first.Points, graded.GetProperty("score").GetDecimal());
        Assert.Equal(attempt.GetProperty("deadline").GetDateTimeOffset(), graded.GetProperty("submittedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task TimeLimit_AnAttemptNobodyTouches_StillCountsInTheGrade()
    {
        var learner = await LearnerAsync("gone@example.org");
        api.Clock.Advance(TimeSpan.FromDays(7));
        var attempt = await learner.StartAsync(Slug, WeekTwoQuiz.Key);
        (await SaveAsync(learner, attempt.GetProperty("id").GetGuid(), QuizAnswers.For(WeekTwoQuiz, attempt))).EnsureSuccessStatusCode();

        api.Clock.Advance(TimeSpan.FromHours(2));
        var grade = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);

        Assert.Equal(Weight(WeekTwoQuiz), grade.GetProperty("grade").GetDecimal());
    }

    [Fact]
    public async Task Accommodations_ExtraAttemptsAndExtraTime_AreHonoured()
    {
        var learner = await LearnerAsync("accommodated@example.org");
        await GrantAsync("accommodated@example.org", WeekTwoQuiz.Key, extraAttempts: 1, extraTimePercent: 50);
        api.Clock.Advance(TimeSpan.FromDays(7));

        var first = await learner.StartAsync(Slug, WeekTwoQuiz.Key);
        var more = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => StartAsync(learner, WeekTwoQuiz.Key)));

        Assert.Equal(api.Clock.GetUtcNow().AddMinutes(45), first.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(3, more.Count(response => response.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, await api.CountRowsAsync("quiz_attempts"));
        var list = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, WeekTwoQuiz.Key), Ct);
        Assert.Equal(4, list.GetProperty("attemptsAllowed").GetInt32());
    }

    [Fact]
    public async Task DelayBetweenAttempts_RefusesAnEarlyStart_WithWhenItOpens()
    {
        await api.ImportAsync(Course.WithPolicy(WeekOneQuiz.Key, policy => policy with { DelayMinutes = 60 }));
        var learner = await LearnerAsync("patient@example.org");
        await learner.TakeQuizAsync(Slug, WeekOneQuiz, asked => asked.Take(1));

        api.Clock.Advance(TimeSpan.FromMinutes(30));
        var early = await StartAsync(learner);
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var later = await StartAsync(learner);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var problem = await early.ReadProblemAsync();
        Assert.Equal("quiz.attempt-too-soon", problem.GetProperty("code").GetString());
        Assert.Equal(TestClock.Start.AddMinutes(60), problem.GetProperty("availableAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    [Fact]
    public async Task Outline_CountsTheQuizInItsWeek_AndResumePointsToIt()
    {
        var learner = await LearnerAsync("outline@example.org");
        await learner.TakeQuizAsync(Slug, WeekOneQuiz);

        var outline = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);

        var item = outline.GetProperty("modules")[0].GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == WeekOneQuiz.Key);
        Assert.Equal("completed", item.GetProperty("state").GetString());
    }

    // ---- Answer keys: scanned in every quiz response, per show-answer policy ----

    public static TheoryData<string> Policies() => ["after_each_attempt", "after_passing", "after_last_attempt", "never", "always"];

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task AnswerKeys_AppearInNoResponse_BeforeThePolicyAllows(string policy)
    {
        var showAnswers = Enum.Parse<ShowAnswers>(policy.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
        await api.ImportAsync(Course.WithPolicy(WeekOneQuiz.Key, p => p with { ShowAnswers = showAnswers, MaxAttempts = 2 }));
        var learner = await LearnerAsync($"{policy.Replace('_', '-')}@example.org");
        var scanned = 0;

        async Task<JsonElement> Scan(HttpResponseMessage response, bool allowed)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (allowed)
            {
                AssertKeyShown(body);
            }
            else
            {
                AssertNoKey(body, WeekOneQuiz);
            }

            scanned++;
            return body;
        }

        var always = showAnswers == ShowAnswers.Always;
        var started = await Scan(await StartAsync(learner), always);
        var id = started.GetProperty("id").GetGuid();
        await Scan(await SaveAsync(learner, id, QuizAnswers.For(WeekOneQuiz, started, FirstHalf(QuizAnswers.Asked(started)))), always);
        await Scan(await learner.GetAsync(LearningApiPaths.Attempt(id), Ct), always);
        await Scan(await learner.GetAsync(LearningApiPaths.Attempts(Slug, WeekOneQuiz.Key), Ct), always);

        // A failed first attempt: only "always" and "after each attempt" show the key.
        var shownAfterFirst = showAnswers is ShowAnswers.Always or ShowAnswers.AfterEachAttempt;
        await Scan(await learner.PostAsync(LearningApiPaths.Submit(id), null, Ct), shownAfterFirst);
        await Scan(await learner.GetAsync(LearningApiPaths.Attempts(Slug, WeekOneQuiz.Key), Ct), shownAfterFirst);
        AssertNoKey(await Scan(await learner.GetAsync(LearningApiPaths.Grade(Slug), Ct), false), WeekOneQuiz);
        AssertNoKey(await Scan(await learner.GetAsync(LearningApiPaths.MyCourse(Slug), Ct), false), WeekOneQuiz);

        // The second and last attempt, passed: now every policy but "never" shows it.
        var second = await Scan(await StartAsync(learner), always);
        var secondId = second.GetProperty("id").GetGuid();
        await Scan(await SaveAsync(learner, secondId, QuizAnswers.For(WeekOneQuiz, second)), always);
        var shownAtTheEnd = showAnswers != ShowAnswers.Never;
        await Scan(await learner.PostAsync(LearningApiPaths.Submit(secondId), null, Ct), shownAtTheEnd);
        var final = await Scan(await learner.GetAsync(LearningApiPaths.Attempts(Slug, WeekOneQuiz.Key), Ct), shownAtTheEnd);

        Assert.Equal(12, scanned);
        Assert.All(final.GetProperty("attempts").EnumerateArray(), attempt => Assert.Equal(shownAtTheEnd, attempt.GetProperty("answersShown").GetBoolean()));
    }

    private static void AssertKeyShown(JsonElement body)
    {
        var strings = Strings(body).ToList();
        Assert.Contains("explanation", strings);
        Assert.Contains("correctAnswer", strings);
        Assert.Contains(WeekOneQuiz.Questions.Select(q => q.Explanation["en"]), strings.Contains);
    }

    /// <summary>
    /// No answer key in a response: no field that carries one, no explanation or feedback text, and no
    /// accepted short answer that the questions themselves do not show.
    /// </summary>
    private static void AssertNoKey(JsonElement body, QuizSpec quiz)
    {
        var strings = Strings(body).ToList();
        string[] keyFields = ["correctAnswer", "explanation", "feedback", "correct", "pointsEarned", "accepted", "tolerance"];
        Assert.DoesNotContain(strings, keyFields.Contains);
        // What the questions show, and what the course teaches openly (titles, summaries), is no secret.
        var taught = Shipped.Modules.SelectMany(module => module.Title.Values.Concat(module.Summary.Values).Concat(module.Items.SelectMany(item => item.Title.Values)))
            .Concat(Shipped.Description?.Values.AsEnumerable() ?? []);
        var shown = string.Join('\n', quiz.Questions.SelectMany(q => q.Prompt.Values.Concat(q.Options?.SelectMany(o => o.Text.Values) ?? [])).Concat(taught)).ToLowerInvariant();
        var secrets = quiz.Questions.SelectMany(q => q.Explanation.Values
                .Concat(q.Feedback is null ? [] : q.Feedback.Correct.Values.Concat(q.Feedback.Incorrect.Values))
                .Concat((q.Answer.Accepted?.Values.SelectMany(a => a) ?? []).Where(a => !shown.Contains(a.ToLowerInvariant(), StringComparison.Ordinal))))
            .ToList();
        Assert.NotEmpty(secrets);
        foreach (var value in strings)
        {
            var leaked = secrets.FirstOrDefault(secret => value.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leaked is null, $"'{leaked}' leaked in '{value}'");
        }
    }

    private static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // What the learner answered is theirs to see: only what the platform adds is scanned.
                foreach (var property in element.EnumerateObject().Where(property => property.Name != "answer"))
                {
                    yield return property.Name;
                    foreach (var inner in Strings(property.Value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var inner in element.EnumerateArray().SelectMany(Strings))
                {
                    yield return inner;
                }

                break;
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
        }
    }

    private static string Order(JsonElement attempt) =>
        string.Join(' ', attempt.GetProperty("questions").EnumerateArray().Select(q =>
            q.GetProperty("key").GetString() + ":" + (q.TryGetProperty("options", out var options) ? string.Concat(options.EnumerateArray().Select(o => o.GetProperty("key").GetString())) : "")));

    private Task<string> AnswersJsonAsync(Guid attempt) =>
        api.WithScopeAsync<MoocDbContext, string>(async db => JsonSerializer.Serialize((await db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attempt, Ct)).Answers));

    private Task<int> GrantAsync(string email, string? quizKey, int extraAttempts, int extraTimePercent) =>
        api.WithScopeAsync<MoocDbContext, int>(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email, Ct);
            var course = await db.Courses.SingleAsync(c => c.Slug == Slug, Ct);
            db.QuizAccommodations.Add(QuizAccommodation.Grant(user.Id, course.Id, quizKey, extraAttempts, extraTimePercent, "Tiers temps (MDPH)", new Actor(user.Id, TestClock.Start)));
            return await db.SaveChangesAsync(Ct);
        });
}
