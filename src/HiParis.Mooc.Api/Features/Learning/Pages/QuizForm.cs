using System.Globalization;
using HiParis.Mooc.Api.Features.Learning.Quizzes;
using HiParis.Mooc.Domain.Courses;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning.Pages;

/// <summary>
/// The answers of the attempt form, sent without its script, read into the request the API takes: every
/// question of the attempt, an empty field clearing its answer. The services check the answers themselves.
/// </summary>
internal static class QuizForm
{
    public static (SaveAnswersRequest Request, Dictionary<string, string[]> Unreadable) Read(IFormCollection form, AttemptView attempt)
    {
        Dictionary<string, AnswerBody?> answers = [];
        Dictionary<string, string[]> unreadable = [];
        foreach (var question in attempt.Questions)
        {
            var values = form[QuestionField.FieldName(question.Key)].Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value!.Trim()).ToList();
            if (values.Count == 0)
            {
                answers[question.Key] = null;
                continue;
            }

            switch (question.Type)
            {
                case QuestionType.SingleChoice or QuestionType.MultipleChoice:
                    answers[question.Key] = new AnswerBody(values, null, null, null);
                    break;
                case QuestionType.TrueFalse:
                    answers[question.Key] = new AnswerBody(null, values[0] == "true", null, null);
                    break;
                case QuestionType.Numeric when Number(values[0]) is { } number:
                    answers[question.Key] = new AnswerBody(null, null, number, null);
                    break;
                case QuestionType.Numeric:
                    unreadable[question.Key] = [Pick("Write a number, such as 3 or 2.5.", "Écrivez un nombre, comme 3 ou 2,5.")];
                    break;
                default:
                    answers[question.Key] = new AnswerBody(null, null, null, values[0]);
                    break;
            }
        }

        return (new SaveAnswersRequest(answers), unreadable);
    }

    /// <summary>The services key answer errors <c>answers.&lt;question&gt;</c>; the form shows them by question.</summary>
    public static Dictionary<string, string[]> ByQuestion(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(error => error.Key.StartsWith("answers.", StringComparison.Ordinal) ? error.Key["answers.".Length..] : error.Key, error => error.Value, StringComparer.Ordinal);

    /// <summary>A number as a learner types it: 2.5 or 2,5 (the French decimal comma), spaces between thousands.</summary>
    private static decimal? Number(string text) =>
        decimal.TryParse(text.Replace(" ", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal).Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
