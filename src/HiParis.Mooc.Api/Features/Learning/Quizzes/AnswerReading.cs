using HiParis.Mooc.Domain.Learning;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning.Quizzes;

/// <summary>The answers of a request, checked against the attempt's questions; errors are keyed <c>answers.&lt;question&gt;</c>.</summary>
internal static class AnswerReading
{
    public static (Dictionary<string, QuizAnswer> Answers, Dictionary<string, string[]> Errors) Read(SaveAnswersRequest request, IReadOnlyList<Domain.Courses.QuestionSpec> questions)
    {
        Dictionary<string, QuizAnswer> answers = [];
        Dictionary<string, string[]> errors = [];
        if (request.Answers is null)
        {
            errors["answers"] = [Pick("An object of answers by question key is required.", "Un objet de réponses par clé de question est requis.")];
            return (answers, errors);
        }

        foreach (var (key, body) in request.Answers)
        {
            var question = questions.FirstOrDefault(candidate => candidate.Key == key);
            if (question is null)
            {
                errors[$"answers.{Truncate(key)}"] = [Pick($"This attempt has no question '{Truncate(key)}'.", $"Cette tentative n'a pas de question « {Truncate(key)} ».")];
                continue;
            }

            var answer = body is null ? new QuizAnswer() : new QuizAnswer(body.Options, body.Boolean, body.Number, body.Text);
            if (QuestionGrading.Problem(question, answer) is { } problem)
            {
                errors[$"answers.{key}"] = [problem];
                continue;
            }

            answers[key] = answer;
        }

        return (answers, errors);
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
