using System.Globalization;
using System.Text;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Domain.Learning;

/// <summary>
/// A learner's answer to one question. Which field is used depends on the question's type: options for
/// choice questions, a boolean for true/false, a number for numeric, text for short text. No field set
/// means "not answered".
/// </summary>
public sealed record QuizAnswer(IReadOnlyList<string>? Options = null, bool? Boolean = null, decimal? Number = null, string? Text = null)
{
    public const int MaxTextLength = 500;

    /// <summary>No quiz asks for a number beyond this (in absolute value); larger ones are refused, not graded.</summary>
    public const decimal MaxNumber = 1_000_000_000_000m;

    public bool IsEmpty => (Options is null || Options.Count == 0) && Boolean is null && Number is null && string.IsNullOrWhiteSpace(Text);
}

/// <summary>What one question earned in a graded attempt.</summary>
public sealed record QuestionResult(string Key, decimal Points, decimal MaxPoints, bool Correct);

/// <summary>Grades answers against a question's key, and says whether an answer has the right shape for its question.</summary>
public static class QuestionGrading
{
    public static QuestionResult Grade(QuestionSpec question, QuizAnswer? answer)
    {
        var share = answer is null || answer.IsEmpty ? 0m : Share(question, answer);
        return new QuestionResult(question.Key, Math.Round(share * question.Points, 4), question.Points, share == 1m);
    }

    /// <summary>Why an answer cannot be one to this question, or null when it can.</summary>
    public static string? Problem(QuestionSpec question, QuizAnswer answer)
    {
        var optionKeys = question.Options?.Select(option => option.Key).ToHashSet(StringComparer.Ordinal) ?? [];
        var (field, others) = question.Type switch
        {
            QuestionType.SingleChoice or QuestionType.MultipleChoice => ("options", answer.Boolean is not null || answer.Number is not null || answer.Text is not null),
            QuestionType.TrueFalse => ("boolean", answer.Options is not null || answer.Number is not null || answer.Text is not null),
            QuestionType.Numeric => ("number", answer.Options is not null || answer.Boolean is not null || answer.Text is not null),
            _ => ("text", answer.Options is not null || answer.Boolean is not null || answer.Number is not null),
        };
        if (others)
        {
            return $"A {PackageTypeName(question.Type)} question is answered with '{field}' only.";
        }

        if (answer.Options is { } options)
        {
            if (options.Any(option => option is null))
            {
                return "An option is a key, never null.";
            }

            if (options.FirstOrDefault(option => !optionKeys.Contains(option)) is { } unknown)
            {
                return $"'{unknown}' is not an option of this question.";
            }

            if (options.Distinct(StringComparer.Ordinal).Count() != options.Count)
            {
                return "An option is chosen at most once.";
            }

            if (question.Type == QuestionType.SingleChoice && options.Count > 1)
            {
                return "A single-choice question takes one option.";
            }
        }

        if (answer.Number is { } number && Math.Abs(number) > QuizAnswer.MaxNumber)
        {
            return $"A number answer lies between -{QuizAnswer.MaxNumber:0} and {QuizAnswer.MaxNumber:0}.";
        }

        if (answer.Text is { Length: > QuizAnswer.MaxTextLength })
        {
            return $"An answer has at most {QuizAnswer.MaxTextLength} characters.";
        }

        // Control characters (NUL above all, which PostgreSQL cannot store) have no place in an answer.
        return answer.Text is { } text && text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            ? "An answer cannot contain control characters."
            : null;
    }

    /// <summary>
    /// The text a short answer is compared on: trimmed, inner blanks collapsed, accents and case removed,
    /// ligatures spelled out and typographic apostrophes made plain ("  L’Œuvre " matches "l'oeuvre").
    /// </summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.Trim().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToLowerInvariant(c) switch
            {
                'œ' => "oe",
                'æ' => "ae",
                'ß' => "ss",
                '’' or '‘' or 'ʼ' or '`' => "'",
                var lower => lower.ToString(),
            });
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The share of the points an answer earns, from 0 to 1.</summary>
    private static decimal Share(QuestionSpec question, QuizAnswer answer)
    {
        var key = question.Answer;
        switch (question.Type)
        {
            case QuestionType.SingleChoice:
                return answer.Options is [var chosen] && key.OptionKeys is [var right] && chosen == right ? 1m : 0m;
            case QuestionType.MultipleChoice:
                var correct = key.OptionKeys?.ToHashSet(StringComparer.Ordinal) ?? [];
                var selected = answer.Options?.ToHashSet(StringComparer.Ordinal) ?? [];
                if (question.Scoring == ChoiceScoring.Partial)
                {
                    // Each right option earns its share, each wrong one takes a share back; never below zero.
                    var hits = selected.Count(correct.Contains);
                    var misses = selected.Count - hits;
                    return correct.Count == 0 ? 0m : Math.Max(0m, (decimal)(hits - misses) / correct.Count);
                }

                return selected.SetEquals(correct) ? 1m : 0m;
            case QuestionType.TrueFalse:
                return answer.Boolean is { } value && value == key.Boolean ? 1m : 0m;
            case QuestionType.Numeric:
                return answer.Number is { } number && key.Number is { } expected && WithinTolerance(number, expected, question.Tolerance ?? 0m) ? 1m : 0m;
            default:
                var given = Normalize(answer.Text ?? "");
                return given.Length > 0 && (key.Accepted ?? []).Values.SelectMany(accepted => accepted).Any(accepted => Normalize(accepted) == given) ? 1m : 0m;
        }
    }

    /// <summary>|number − expected| ≤ tolerance, without overflowing near decimal's limits.</summary>
    private static bool WithinTolerance(decimal number, decimal expected, decimal tolerance)
    {
        try
        {
            return Math.Abs(number - expected) <= tolerance;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static string PackageTypeName(QuestionType type) => type switch
    {
        QuestionType.SingleChoice => "single_choice",
        QuestionType.MultipleChoice => "multiple_choice",
        QuestionType.TrueFalse => "true_false",
        QuestionType.Numeric => "numeric",
        _ => "short_text",
    };
}

/// <summary>A question as one attempt shows it: in the attempt's order, with its options in the attempt's order.</summary>
public sealed record LaidOutQuestion(QuestionSpec Question, IReadOnlyList<OptionSpec> Options);

/// <summary>
/// The order of an attempt's questions and options, drawn from the seed stored on the attempt, so the
/// attempt looks the same on every request and every instance. The generator is written out here
/// (SplitMix64) rather than taken from <see cref="Random"/>, whose sequence for a seed may change
/// between .NET versions.
/// </summary>
public static class QuizLayout
{
    public static IReadOnlyList<LaidOutQuestion> For(QuizSpec quiz, int seed) => For(quiz, quiz.Questions, seed);

    /// <summary>An attempt's questions (<paramref name="questions"/>: the whole quiz, or the attempt's draw) laid out from its seed.</summary>
    public static IReadOnlyList<LaidOutQuestion> For(QuizSpec quiz, IReadOnlyList<QuestionSpec> questions, int seed)
    {
        if (quiz.Policy.Shuffle != true)
        {
            return [.. questions.Select(question => new LaidOutQuestion(question, question.Options ?? []))];
        }

        var state = (ulong)(uint)seed;
        var shuffled = Shuffled(questions, ref state);
        return [.. shuffled.Select(question => new LaidOutQuestion(question, Shuffled(question.Options ?? [], ref state)))];
    }

    /// <summary>
    /// The keys an attempt draws from a pool: <see cref="QuizSpec.QuestionsPerAttempt"/> questions chosen with a
    /// generator of their own (seeded apart from the layout's), so each attempt draws afresh and every instance
    /// draws the same for the same seed. The draw is stored with the attempt all the same.
    /// </summary>
    public static IReadOnlyList<string> Draw(QuizSpec quiz, int seed)
    {
        var state = ((ulong)(uint)seed << 32) ^ 0xD1B54A32D192ED03UL;
        return [.. Shuffled(quiz.Questions, ref state).Take(quiz.QuestionsPerAttempt).Select(question => question.Key)];
    }

    private static List<T> Shuffled<T>(IReadOnlyList<T> items, ref ulong state)
    {
        List<T> list = [.. items];
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
