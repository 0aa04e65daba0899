using System.Text.Json.Serialization;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>
/// A graded quiz, or (practice: true) an ungraded practice set: immediate feedback, no attempts
/// limit, never weighted. A practice set's authored policy is ignored: it lives by the practice policy
/// (<see cref="QuizPolicy.Practice"/>).
/// </summary>
public sealed record QuizSpec : ItemSpec
{
    public required QuizPolicy Policy
    {
        get => Practice == true ? QuizPolicy.Practice : field;
        init;
    }

    public required List<QuestionSpec> Questions { get; init; }

    /// <summary>Estimated time in minutes (second edition).</summary>
    public int? Minutes { get; init; }

    public bool? Practice { get; init; }

    [JsonIgnore]
    public bool IsPractice => Practice == true;

    /// <summary>How many questions an attempt asks: the policy's draw from the pool, else all of them.</summary>
    [JsonIgnore]
    public int QuestionsPerAttempt => Policy.Draw is { } draw && !IsPractice ? Math.Min(draw, Questions.Count) : Questions.Count;

    /// <summary>The points an attempt is worth: all of them, or for a draw its share of the pool's points.</summary>
    [JsonIgnore]
    public decimal PointsPerAttempt => QuestionsPerAttempt == Questions.Count || Questions.Count == 0
        ? Questions.Sum(question => question.Points)
        : Math.Round(QuestionsPerAttempt * Questions.Average(question => question.Points), 2);

    public override string TypeName => "quiz";
}

public enum GradingMethod
{
    Highest,
    Last,
    First,
    Average,
}

public enum ShowAnswers
{
    Always,
    AfterEachAttempt,
    AfterPassing,
    AfterLastAttempt,
    Never,
}

public sealed record QuizPolicy
{
    public required int MaxAttempts { get; init; }
    public int? DelayMinutes { get; init; }
    public required GradingMethod GradingMethod { get; init; }
    public required ShowAnswers ShowAnswers { get; init; }
    public int? TimeLimitMinutes { get; init; }
    public required decimal PassMark { get; init; }
    public bool? Shuffle { get; init; }

    /// <summary>Each attempt draws this many questions from the quiz's questions, the pool (second edition).</summary>
    public int? Draw { get; init; }

    /// <summary>More attempts than anyone takes, with room for accommodations' extra attempts.</summary>
    public const int UnlimitedAttempts = 1_000_000;

    /// <summary>What a practice set lives by: any number of attempts, answers and explanations after each, no delay or time limit.</summary>
    public static QuizPolicy Practice { get; } = new()
    {
        MaxAttempts = UnlimitedAttempts,
        GradingMethod = GradingMethod.Highest,
        ShowAnswers = ShowAnswers.Always,
        PassMark = 0.5m,
    };
}

public enum QuestionType
{
    SingleChoice,
    MultipleChoice,
    TrueFalse,
    Numeric,
    ShortText,
}

public enum ChoiceScoring
{
    AllOrNothing,
    Partial,
}

public sealed record OptionSpec(string Key, Dictionary<string, string> Text)
{
    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

/// <summary>
/// A question and its answer key. The key (<see cref="Answer"/>) never leaves the server before the
/// quiz's show-answer policy allows.
/// </summary>
public sealed record QuestionSpec
{
    public required string Key { get; init; }
    public required QuestionType Type { get; init; }
    public required decimal Points { get; init; }
    public required Dictionary<string, string> Prompt { get; init; }
    public List<OptionSpec>? Options { get; init; }
    public required AnswerSpec Answer { get; init; }
    public decimal? Tolerance { get; init; }
    public ChoiceScoring? Scoring { get; init; }
    public Feedback? Feedback { get; init; }
    public required Dictionary<string, string> Explanation { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

/// <summary>One shape for every question type's answer; which fields are set depends on the type.</summary>
public sealed record AnswerSpec
{
    /// <summary>single_choice: one key; multiple_choice: the keys.</summary>
    public List<string>? OptionKeys { get; init; }
    public bool? Boolean { get; init; }
    public decimal? Number { get; init; }

    /// <summary>short_text: language → accepted answers.</summary>
    public Dictionary<string, List<string>>? Accepted { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

public sealed record Feedback(Dictionary<string, string> Correct, Dictionary<string, string> Incorrect);
