using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary>A quiz file: a practice set has no policy (it lives by the practice rules whatever was written).</summary>
public static partial class PackageWriter
{
    private static string QuizYaml(QuizSpec quiz, List<string> languages)
    {
        var y = new Yaml();
        y.Field(0, "key", quiz.Key);
        y.Localized(0, "title", quiz.Title, languages);
        y.OptionalToken(0, "minutes", quiz.Minutes is { } minutes ? Number(minutes) : null);
        y.OptionalToken(0, "practice", Bool(quiz.Practice));
        if (!quiz.IsPractice)
        {
            WritePolicy(y, quiz.Policy);
        }

        y.Line(0, "questions:");
        foreach (var question in quiz.Questions)
        {
            y.Item(1, "key", question.Key);
            y.Token(2, "type", PackageNames.Snake(question.Type.ToString()));
            y.Token(2, "points", Number(question.Points));
            y.Localized(2, "prompt", question.Prompt, languages);
            if (question.Options is { } options)
            {
                y.Line(2, "options:");
                foreach (var option in options)
                {
                    y.Item(3, "key", option.Key);
                    y.Localized(4, "text", option.Text, languages);
                }
            }

            WriteAnswer(y, question, languages);
            y.OptionalToken(2, "tolerance", question.Tolerance is { } tolerance ? Number(tolerance) : null);
            y.OptionalToken(2, "scoring", question.Scoring is { } scoring ? PackageNames.Snake(scoring.ToString()) : null);
            if (question.Feedback is { } feedback)
            {
                y.Line(2, "feedback:");
                y.Localized(3, "correct", feedback.Correct, languages);
                y.Localized(3, "incorrect", feedback.Incorrect, languages);
            }

            y.Localized(2, "explanation", question.Explanation, languages);
        }

        return y.ToString();
    }

    private static void WriteAnswer(Yaml y, QuestionSpec question, List<string> languages)
    {
        var answer = question.Answer;
        switch (question.Type)
        {
            case QuestionType.SingleChoice:
                y.Field(2, "answer", answer.OptionKeys![0]);
                break;
            case QuestionType.MultipleChoice:
                y.Line(2, $"answer: [{string.Join(", ", answer.OptionKeys!.Select(Yaml.Scalar))}]");
                break;
            case QuestionType.TrueFalse:
                y.Token(2, "answer", Bool(answer.Boolean)!);
                break;
            case QuestionType.Numeric:
                y.Token(2, "answer", Number(answer.Number!.Value));
                break;
            default:
                y.Line(2, "answer:");
                foreach (var language in languages.Where(answer.Accepted!.ContainsKey))
                {
                    y.Line(3, $"{language}:");
                    foreach (var accepted in answer.Accepted![language])
                    {
                        y.Line(4, $"- {Yaml.Scalar(accepted)}");
                    }
                }

                break;
        }
    }

    private static void WritePolicy(Yaml y, QuizPolicy policy)
    {
        y.Line(0, "policy:");
        y.Token(1, "max_attempts", Number(policy.MaxAttempts));
        y.OptionalToken(1, "delay_minutes", policy.DelayMinutes is { } delay ? Number(delay) : null);
        y.Token(1, "grading_method", PackageNames.Snake(policy.GradingMethod.ToString()));
        y.Token(1, "show_answers", PackageNames.Snake(policy.ShowAnswers.ToString()));
        y.OptionalToken(1, "time_limit_minutes", policy.TimeLimitMinutes is { } limit ? Number(limit) : null);
        y.Token(1, "pass_mark", Number(policy.PassMark));
        y.OptionalToken(1, "shuffle", Bool(policy.Shuffle));
        y.OptionalToken(1, "draw", policy.Draw is { } draw ? Number(draw) : null);
    }
}
