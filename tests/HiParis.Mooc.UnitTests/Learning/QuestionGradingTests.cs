using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using static HiParis.Mooc.UnitTests.Learning.QuizBuilder;

namespace HiParis.Mooc.UnitTests.Learning;

public sealed class QuestionGradingTests
{
    [Theory]
    [InlineData("b", 1)]
    [InlineData("a", 0)]
    public void Grade_SingleChoice_EarnsThePointsOnlyForTheKey(string chosen, int expected)
    {
        var result = QuestionGrading.Grade(Single(), new QuizAnswer(Options: [chosen]));

        Assert.Equal(expected, result.Points);
        Assert.Equal(expected == 1, result.Correct);
    }

    [Theory]
    [InlineData(new[] { "a", "b", "d" }, 1.0, true)]
    [InlineData(new[] { "d", "b", "a" }, 1.0, true)]
    [InlineData(new[] { "a", "b" }, 0.0, false)]
    [InlineData(new[] { "a", "b", "c", "d" }, 0.0, false)]
    [InlineData(new string[0], 0.0, false)]
    public void Grade_MultipleChoiceAllOrNothing_NeedsExactlyTheKeys(string[] chosen, double expected, bool correct)
    {
        var result = QuestionGrading.Grade(Multiple(ChoiceScoring.AllOrNothing) with { Points = 3 }, new QuizAnswer(Options: chosen));

        Assert.Equal((decimal)expected * 3, result.Points);
        Assert.Equal(correct, result.Correct);
    }

    [Theory]
    [InlineData(new[] { "a", "b", "d" }, 3.0)]
    [InlineData(new[] { "a", "b" }, 2.0)]
    [InlineData(new[] { "a" }, 1.0)]
    [InlineData(new[] { "a", "b", "c" }, 1.0)]
    [InlineData(new[] { "a", "c" }, 0.0)]
    [InlineData(new[] { "c" }, 0.0)]
    [InlineData(new[] { "a", "b", "c", "d" }, 2.0)]
    public void Grade_MultipleChoicePartial_CreditsEachRightOptionAndTakesBackEachWrongOne(string[] chosen, double expected)
    {
        var result = QuestionGrading.Grade(Multiple(ChoiceScoring.Partial) with { Points = 3 }, new QuizAnswer(Options: chosen));

        Assert.Equal((decimal)expected, result.Points);
        Assert.Equal(expected == 3.0, result.Correct);
    }

    [Theory]
    [InlineData(true, true, 1)]
    [InlineData(false, true, 0)]
    [InlineData(false, false, 1)]
    public void Grade_TrueFalse_ComparesTheBoolean(bool given, bool key, int expected) =>
        Assert.Equal(expected, QuestionGrading.Grade(TrueFalse(key), new QuizAnswer(Boolean: given)).Points);

    [Theory]
    [InlineData("7", "0.5", 1)]
    [InlineData("6.5", "0.5", 1)]
    [InlineData("7.5", "0.5", 1)]
    [InlineData("6.49", "0.5", 0)]
    [InlineData("7.51", "0.5", 0)]
    [InlineData("7", "0", 1)]
    [InlineData("7.0000001", "0", 0)]
    [InlineData("-7", "0.5", 0)]
    public void Grade_Numeric_AcceptsTheToleranceBoundsInclusive(string given, string tolerance, int expected) =>
        Assert.Equal(expected, QuestionGrading.Grade(Numeric(7, decimal.Parse(tolerance, System.Globalization.CultureInfo.InvariantCulture)), new QuizAnswer(Number: decimal.Parse(given, System.Globalization.CultureInfo.InvariantCulture))).Points);

    [Fact]
    public void Grade_NumericWithoutTolerance_NeedsTheExactNumber()
    {
        Assert.Equal(1, QuestionGrading.Grade(Numeric(1956, null), new QuizAnswer(Number: 1956m)).Points);
        Assert.Equal(0, QuestionGrading.Grade(Numeric(1956, null), new QuizAnswer(Number: 1955m)).Points);
    }

    [Fact]
    public void Grade_NumericAtTheLimitsOfDecimal_EarnsNothingInsteadOfOverflowing() =>
        Assert.Equal(0, QuestionGrading.Grade(Numeric(decimal.MaxValue, 1), new QuizAnswer(Number: decimal.MinValue)).Points);

    [Theory]
    [InlineData("Alan Turing", 1)]
    [InlineData("  alan   TURING  ", 1)]
    [InlineData("turing", 1)]
    [InlineData("Türing", 1)]
    [InlineData("intelligence artificielle", 1)]
    [InlineData("INTELLIGENCE ARTIFICIÉLLE", 1)]
    [InlineData("Alan Turin", 0)]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    public void Grade_ShortText_MatchesTrimmedCaseAndAccentInsensitively(string given, int expected) =>
        Assert.Equal(expected, QuestionGrading.Grade(ShortText(accepted: ["Alan Turing", "Turing"]), new QuizAnswer(Text: given)).Points);

    [Fact]
    public void Grade_ShortTextWithAccentsInTheKey_MatchesAnAnswerWithoutThem()
    {
        var question = ShortText(accepted: ["Éthique", "L’œuvre"]);

        Assert.True(QuestionGrading.Grade(question, new QuizAnswer(Text: "ethique")).Correct);
        Assert.True(QuestionGrading.Grade(question, new QuizAnswer(Text: "l'oeuvre")).Correct);
    }

    [Fact]
    public void Grade_WhenUnanswered_EarnsNothingForEveryType()
    {
        foreach (var question in Quiz().Questions)
        {
            var result = QuestionGrading.Grade(question, null);

            Assert.Equal(0, result.Points);
            Assert.False(result.Correct);
            Assert.Equal(question.Points, result.MaxPoints);
        }
    }

    [Fact]
    public void Problem_WhenTheAnswerHasTheWrongShape_NamesWhatIsExpected()
    {
        Assert.Contains("'options'", QuestionGrading.Problem(Single(), new QuizAnswer(Text: "b")));
        Assert.Contains("not an option", QuestionGrading.Problem(Single(), new QuizAnswer(Options: ["z"])));
        Assert.Contains("one option", QuestionGrading.Problem(Single(), new QuizAnswer(Options: ["a", "b"])));
        Assert.Contains("at most once", QuestionGrading.Problem(Multiple(ChoiceScoring.Partial), new QuizAnswer(Options: ["a", "a"])));
        Assert.Contains("'boolean'", QuestionGrading.Problem(TrueFalse(), new QuizAnswer(Number: 1)));
        Assert.Contains("'number'", QuestionGrading.Problem(Numeric(1, 0), new QuizAnswer(Text: "1")));
        Assert.Contains("500", QuestionGrading.Problem(ShortText(accepted: ["x"]), new QuizAnswer(Text: new string('x', 501))));
        Assert.Contains("null", QuestionGrading.Problem(Single(), new QuizAnswer(Options: [null!])));
        Assert.Contains("between", QuestionGrading.Problem(Numeric(1, 0), new QuizAnswer(Number: -1e13m)));
        Assert.Contains("control", QuestionGrading.Problem(ShortText(accepted: ["x"]), new QuizAnswer(Text: "a\0b")));
        Assert.Null(QuestionGrading.Problem(ShortText(accepted: ["x"]), new QuizAnswer(Text: "two\nlines")));
        Assert.Null(QuestionGrading.Problem(Multiple(ChoiceScoring.Partial), new QuizAnswer(Options: ["a", "d"])));
    }

    [Fact]
    public void Layout_WithTheSameSeed_IsTheSame_AndDifferentSeedsGiveDifferentOrders()
    {
        var quiz = Quiz(shuffle: true, questions: [.. Enumerable.Range(1, 8).Select(i => Single($"q{i}"))]);

        var first = Order(QuizLayout.For(quiz, 42));
        var again = Order(QuizLayout.For(quiz, 42));
        var orders = Enumerable.Range(0, 20).Select(seed => Order(QuizLayout.For(quiz, seed))).Distinct().Count();

        Assert.Equal(first, again);
        Assert.True(orders > 15, $"only {orders} distinct orders from 20 seeds");
        Assert.Equal(quiz.Questions.Select(q => q.Key).Order(), QuizLayout.For(quiz, 42).Select(q => q.Question.Key).Order());
    }

    [Fact]
    public void Layout_WithTheSameSeed_IsStableAcrossReleases()
    {
        // The order is part of stored attempts: it must not change when the code or .NET is upgraded.
        var quiz = Quiz(shuffle: true, questions: [.. Enumerable.Range(1, 5).Select(i => Single($"q{i}"))]);

        Assert.Equal("q4:bca q3:bac q1:acb q2:bac q5:acb", Order(QuizLayout.For(quiz, 12345)));
    }

    [Fact]
    public void Layout_WithoutShuffle_KeepsTheAuthoredOrder()
    {
        var quiz = Quiz(shuffle: false);

        Assert.Equal(quiz.Questions.Select(q => q.Key), QuizLayout.For(quiz, 7).Select(q => q.Question.Key));
    }

    private static string Order(IReadOnlyList<LaidOutQuestion> layout) =>
        string.Join(' ', layout.Select(q => $"{q.Question.Key}:{string.Concat(q.Options.Select(o => o.Key))}"));
}
