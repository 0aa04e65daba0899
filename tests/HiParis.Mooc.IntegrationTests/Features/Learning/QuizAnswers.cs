using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.IntegrationTests.Features.Learning;

/// <summary>Answers to a quiz as a learner's client sends them, built from the package's key.</summary>
internal static class QuizAnswers
{
    /// <summary>The keys of the questions an attempt asks, in its order: the whole quiz, or those drawn from its pool.</summary>
    public static IReadOnlyList<string> Asked(JsonElement attempt) =>
        [.. attempt.GetProperty("questions").EnumerateArray().Select(question => question.GetProperty("key").GetString()!)];

    /// <summary>
    /// The right answer to every question <paramref name="attempt"/> asks whose key is not in <paramref name="wrong"/>;
    /// those get a wrong one. Only the asked questions are answered, whether or not the quiz draws from a pool.
    /// </summary>
    public static Dictionary<string, object> For(QuizSpec quiz, JsonElement attempt, params IEnumerable<string> wrong)
    {
        var asked = Asked(attempt);
        return quiz.Questions.Where(question => asked.Contains(question.Key))
            .ToDictionary(question => question.Key, question => wrong.Contains(question.Key) ? Wrong(question) : Right(question));
    }

    public static object Right(QuestionSpec question) => question.Type switch
    {
        QuestionType.SingleChoice or QuestionType.MultipleChoice => new { options = question.Answer.OptionKeys },
        QuestionType.TrueFalse => new { boolean = question.Answer.Boolean },
        QuestionType.Numeric => new { number = question.Answer.Number },
        _ => new { text = question.Answer.Accepted!.Values.First()[0] },
    };

    public static object Wrong(QuestionSpec question) => question.Type switch
    {
        QuestionType.SingleChoice or QuestionType.MultipleChoice => new { options = new[] { question.Options!.First(option => !question.Answer.OptionKeys!.Contains(option.Key)).Key } },
        QuestionType.TrueFalse => new { boolean = !question.Answer.Boolean },
        QuestionType.Numeric => new { number = question.Answer.Number + (question.Tolerance ?? 0) + 1000 },
        _ => new { text = "definitely not the answer" },
    };

    /// <summary>The share of the points an attempt answered with <see cref="For"/> earns.</summary>
    public static decimal GradeWith(QuizSpec quiz, JsonElement attempt, params IEnumerable<string> wrong)
    {
        var asked = quiz.Questions.Where(question => Asked(attempt).Contains(question.Key)).ToList();
        return Math.Round(asked.Where(question => !wrong.Contains(question.Key)).Sum(question => question.Points) / asked.Sum(question => question.Points), 4);
    }

    public static async Task<JsonElement> StartAsync(this HttpClient learner, string slug, string quiz, string? requestKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, LearningApiPaths.Attempts(slug, quiz));
        if (requestKey is not null)
        {
            request.Headers.Add("Idempotency-Key", requestKey);
        }

        var response = await learner.SendAsync(request, TestContext.Current.CancellationToken);
        await TestEngine.AuthClientExtensions.EnsureSuccessWithBodyAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Starts an attempt, saves the answers and submits; returns the submitted attempt.</summary>
    public static Task<JsonElement> TakeQuizAsync(this HttpClient learner, string slug, QuizSpec quiz, params string[] wrong) =>
        learner.TakeQuizAsync(slug, quiz, _ => wrong);

    /// <summary>Starts an attempt, answers wrong the questions <paramref name="wrong"/> picks among those it asks, and submits.</summary>
    public static async Task<JsonElement> TakeQuizAsync(this HttpClient learner, string slug, QuizSpec quiz, Func<IReadOnlyList<string>, IEnumerable<string>> wrong)
    {
        var attempt = await learner.StartAsync(slug, quiz.Key);
        var id = attempt.GetProperty("id").GetGuid();
        var save = await learner.PutAsJsonAsync(LearningApiPaths.Answers(id), new { answers = For(quiz, attempt, [.. wrong(Asked(attempt))]) }, TestContext.Current.CancellationToken);
        await TestEngine.AuthClientExtensions.EnsureSuccessWithBodyAsync(save);
        var submit = await learner.PostAsync(LearningApiPaths.Submit(id), null, TestContext.Current.CancellationToken);
        await TestEngine.AuthClientExtensions.EnsureSuccessWithBodyAsync(submit);
        return await submit.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>The package with one quiz's policy changed.</summary>
    public static CoursePackage WithPolicy(this CoursePackage package, string quizKey, Func<QuizPolicy, QuizPolicy> change) => package with
    {
        Modules = [.. package.Modules.Select(module => module with
        {
            Items = [.. module.Items.Select(item => item is QuizSpec quiz && quiz.Key == quizKey ? quiz with { Policy = change(quiz.Policy) } : item)],
        })],
    };
}
