using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Learning;

/// <summary>Quizzes that draw from a pool, and practice sets that answer at once.</summary>
public sealed class QuizPoolAndPracticeTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);
    private static readonly ModuleSpec FirstWeek = Shipped.Modules[0];
    private static readonly QuizSpec Quiz = FirstWeek.Items.OfType<QuizSpec>().First(quiz => !quiz.IsPractice);

    /// <summary>The week-1 quiz drawing 2 questions an attempt, and a practice set made of the same questions.</summary>
    private static readonly QuizSpec Pooled = Quiz with { Policy = Quiz.Policy with { Draw = 2, MaxAttempts = 5, DelayMinutes = 0, ShowAnswers = ShowAnswers.AfterLastAttempt } };
    private static readonly QuizSpec Practice = Quiz with { Key = "origins-practice-test", FileStem = "90-practice-test", Practice = true, Minutes = 5 };

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        var items = FirstWeek.Items.Where(item => item is not QuizSpec { IsPractice: true }).Select(item => item.Key == Quiz.Key ? Pooled : item).Append(Practice);
        await api.ImportAsync(Shipped with { Modules = [FirstWeek with { Items = [.. items] }, .. Shipped.Modules.Skip(1)] });
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<string> Asked(JsonElement attempt) => [.. attempt.GetProperty("questions").EnumerateArray().Select(question => question.GetProperty("key").GetString()!)];

    [Fact]
    public async Task APooledQuiz_AsksItsDrawOnly_KeepsItOnEveryRequest_AndGradesOnlyThose()
    {
        var learner = await api.LearnerAsync("pool@example.org");
        var draws = new List<List<string>>();
        for (var i = 0; i < 4; i++)
        {
            var attempt = await learner.StartAsync(Slug, Pooled.Key);
            var id = attempt.GetProperty("id").GetGuid();
            var asked = Asked(attempt);
            Assert.Equal(2, asked.Count);
            Assert.Equal(asked, Asked(await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempt(id), Ct)));
            Assert.Equal(Pooled.Questions.Where(question => asked.Contains(question.Key)).Sum(question => question.Points), attempt.GetProperty("maxScore").GetDecimal());

            var outside = Pooled.Questions.First(question => !asked.Contains(question.Key));
            var refused = await learner.PutAsJsonAsync(LearningApiPaths.Answers(id), new { answers = new Dictionary<string, object> { [outside.Key] = QuizAnswers.Right(outside) } }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

            var answers = Pooled.Questions.Where(question => asked.Contains(question.Key)).ToDictionary(question => question.Key, QuizAnswers.Right);
            (await learner.PutAsJsonAsync(LearningApiPaths.Answers(id), new { answers }, Ct)).EnsureSuccessStatusCode();
            var submitted = await (await learner.PostAsync(LearningApiPaths.Submit(id), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(1m, submitted.GetProperty("grade").GetDecimal());
            draws.Add(asked);
        }

        Assert.True(draws.Select(draw => string.Join(',', draw.Order())).Distinct().Count() > 1, "four attempts drew the same questions: " + string.Join(" | ", draws.Select(draw => string.Join(',', draw))));
    }

    [Fact]
    public async Task APracticeSet_ChecksEachAnswerAtOnce_CompletesWhenSubmitted_AndAGradedQuizRefusesToCheck()
    {
        var learner = await api.LearnerAsync("practice@example.org");
        var practice = await learner.StartAsync(Slug, Practice.Key);
        var first = Practice.Questions[0];
        var second = Practice.Questions[1];
        var graded = await learner.StartAsync(Slug, Pooled.Key);

        var right = await learner.PostAsJsonAsync(LearningApiPaths.Check(practice.GetProperty("id").GetGuid()), new { answers = new Dictionary<string, object> { [first.Key] = QuizAnswers.Right(first) } }, Ct);
        var wrong = await learner.PostAsJsonAsync(LearningApiPaths.Check(practice.GetProperty("id").GetGuid()), new { answers = new Dictionary<string, object> { [second.Key] = QuizAnswers.Wrong(second) } }, Ct);
        var refused = await learner.PostAsJsonAsync(LearningApiPaths.Check(graded.GetProperty("id").GetGuid()), new { answers = new Dictionary<string, object>() }, Ct);
        await learner.PostAsync(LearningApiPaths.Submit(practice.GetProperty("id").GetGuid()), null, Ct);
        var outline = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyCourse(Slug), Ct);

        var checkedRight = (await right.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("questions").EnumerateArray().Single();
        Assert.True(checkedRight.GetProperty("correct").GetBoolean());
        Assert.Equal(first.Explanation["en"], checkedRight.GetProperty("explanation").GetString());
        var checkedWrong = (await wrong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("questions").EnumerateArray().Single();
        Assert.False(checkedWrong.GetProperty("correct").GetBoolean());
        Assert.Equal(0m, checkedWrong.GetProperty("pointsEarned").GetDecimal());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("quiz.not-practice", (await refused.ReadProblemAsync()).GetProperty("code").GetString());
        var item = outline.GetProperty("modules")[0].GetProperty("items").EnumerateArray().Single(candidate => candidate.GetProperty("key").GetString() == Practice.Key);
        Assert.Equal(("practice", "completed"), (item.GetProperty("type").GetString(), item.GetProperty("state").GetString()));
    }
}
