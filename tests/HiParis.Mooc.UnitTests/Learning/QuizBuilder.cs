using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.UnitTests.Learning;

/// <summary>Small quizzes for unit tests, one question of each type by default.</summary>
internal static class QuizBuilder
{
    private static Dictionary<string, string> Text(string en) => new() { ["en"] = en, ["fr"] = en };

    public static QuestionSpec Single(string key = "single", string answer = "b") => Question(key, QuestionType.SingleChoice, new AnswerSpec { OptionKeys = [answer] }, options: ["a", "b", "c"]);

    public static QuestionSpec Multiple(ChoiceScoring scoring, string key = "multiple") =>
        Question(key, QuestionType.MultipleChoice, new AnswerSpec { OptionKeys = ["a", "b", "d"] }, options: ["a", "b", "c", "d"]) with { Scoring = scoring };

    public static QuestionSpec TrueFalse(bool answer = true, string key = "truefalse") => Question(key, QuestionType.TrueFalse, new AnswerSpec { Boolean = answer });

    public static QuestionSpec Numeric(decimal answer, decimal? tolerance, string key = "numeric") => Question(key, QuestionType.Numeric, new AnswerSpec { Number = answer }) with { Tolerance = tolerance };

    public static QuestionSpec ShortText(string key = "short", params string[] accepted) =>
        Question(key, QuestionType.ShortText, new AnswerSpec { Accepted = new() { ["en"] = [.. accepted], ["fr"] = ["Intelligence artificielle"] } });

    public static QuestionSpec Question(string key, QuestionType type, AnswerSpec answer, decimal points = 1, string[]? options = null) => new()
    {
        Key = key,
        Type = type,
        Points = points,
        Prompt = Text($"Prompt of {key}"),
        Options = options?.Select(option => new OptionSpec(option, Text($"Option {option}"))).ToList(),
        Answer = answer,
        Explanation = Text($"Explanation of {key}"),
    };

    public static QuizSpec Quiz(
        string key = "quiz",
        int maxAttempts = 3,
        int? delayMinutes = null,
        GradingMethod method = GradingMethod.Highest,
        int? timeLimitMinutes = null,
        decimal passMark = 0.7m,
        bool shuffle = false,
        params QuestionSpec[] questions) => new()
        {
            FileStem = "05-quiz",
            Key = key,
            Title = Text("A quiz"),
            Policy = new QuizPolicy
            {
                MaxAttempts = maxAttempts,
                DelayMinutes = delayMinutes,
                GradingMethod = method,
                ShowAnswers = ShowAnswers.AfterEachAttempt,
                TimeLimitMinutes = timeLimitMinutes,
                PassMark = passMark,
                Shuffle = shuffle,
            },
            Questions = questions.Length > 0
                ? [.. questions]
                : [Single(), Multiple(ChoiceScoring.AllOrNothing), TrueFalse(), Numeric(7, 0.5m), ShortText(accepted: ["Alan Turing", "Turing"])],
        };
}
