using System.Text.Json.Serialization;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning.Quizzes;

/// <summary>A learner's answer to one question; which field is used depends on the question's type.</summary>
public sealed record AnswerBody(List<string>? Options, bool? Boolean, decimal? Number, string? Text);

public sealed record SaveAnswersRequest(Dictionary<string, AnswerBody?> Answers);

public sealed record OptionView(string Key, string Text);

/// <summary>The answer key of a question, shown only when the quiz's show-answer policy allows.</summary>
public sealed record CorrectAnswerView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Options,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Boolean,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Number,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Tolerance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Accepted);

/// <summary>
/// A question as the learner sees it in an attempt. Its result, feedback, answer key and explanation
/// are present only when the show-answer policy allows; until then they are absent, not null.
/// </summary>
public sealed record QuestionView(
    string Key,
    QuestionType Type,
    decimal Points,
    string Prompt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OptionView>? Options,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AnswerBody? Answer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? PointsEarned = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Correct = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Feedback = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CorrectAnswerView? CorrectAnswer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Explanation = null);

/// <summary>A practice answer checked at once: right or not, the points, the feedback, the explanation and the key.</summary>
public sealed record CheckedAnswerView(string Key, bool Correct, decimal PointsEarned, decimal Points, string? Feedback, string Explanation, CorrectAnswerView CorrectAnswer);

public sealed record CheckResponse(IReadOnlyList<CheckedAnswerView> Questions);

public sealed record AttemptView(
    Guid Id,
    string Course,
    string Quiz,
    int Number,
    QuizAttemptState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? Deadline,
    DateTimeOffset? SubmittedAt,
    decimal? Score,
    decimal MaxScore,
    decimal? Grade,
    bool? Passed,
    bool AnswersShown,
    IReadOnlyList<QuestionView> Questions);

public sealed record QuizAttemptsResponse(
    string Quiz,
    string Title,
    int AttemptsAllowed,
    int AttemptsUsed,
    bool CanStart,
    DateTimeOffset? NextAttemptAt,
    int? TimeLimitMinutes,
    GradingMethod GradingMethod,
    ShowAnswers ShowAnswers,
    decimal PassMark,
    decimal Grade,
    decimal Best,
    bool Passed,
    IReadOnlyList<AttemptView> Attempts);

public sealed record QuizScoreResponse(
    string Key,
    string Title,
    string Module,
    decimal Weight,
    GradingMethod GradingMethod,
    decimal Grade,
    decimal Best,
    int AttemptsUsed,
    int AttemptsAllowed,
    decimal PassMark,
    bool Passed);

public sealed record RuleCheckResponse(
    string Rule,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Quiz,
    bool Met,
    decimal Actual,
    decimal Required,
    string Message,
    IReadOnlyList<string> Missing);

public sealed record EligibilityResponse(bool Eligible, IReadOnlyList<RuleCheckResponse> Rules);

public sealed record GradeResponse(
    string Course,
    decimal Grade,
    decimal PassMark,
    bool Passed,
    int LessonsCompleted,
    int LessonsTotal,
    IReadOnlyList<QuizScoreResponse> Quizzes,
    EligibilityResponse Certificate);

/// <summary>How attempts are shown: the domain decides what of the key a learner sees (<see cref="Enrollment.RevealsAnswers"/>).</summary>
internal static class QuizViews
{
    /// <summary>An attempt as its learner sees it: the questions as the attempt saw them, the key only when the policy allows.</summary>
    public static AttemptView Attempt(Enrollment enrollment, QuizContext quiz, QuizAttempt attempt, string course)
    {
        var spec = quiz.SpecFor(attempt);
        var shown = enrollment.RevealsAnswers(quiz, attempt);
        var results = attempt.Results.ToDictionary(result => result.Key);
        var questions = QuizLayout.For(spec, attempt.QuestionsOf(spec), attempt.Seed).Select(laid =>
        {
            var question = laid.Question;
            var view = new QuestionView(
                question.Key,
                question.Type,
                question.Points,
                CatalogMapping.Local(question.Prompt),
                question.Options is null ? null : [.. laid.Options.Select(option => new OptionView(option.Key, CatalogMapping.Local(option.Text)))],
                attempt.Answers.TryGetValue(question.Key, out var answer) ? new AnswerBody(answer.Options?.ToList(), answer.Boolean, answer.Number, answer.Text) : null);
            if (!shown)
            {
                return view;
            }

            var result = results.GetValueOrDefault(question.Key);
            return view with
            {
                PointsEarned = result?.Points,
                Correct = result?.Correct,
                Feedback = result is null || question.Feedback is null ? null : CatalogMapping.Local(result.Correct ? question.Feedback.Correct : question.Feedback.Incorrect),
                CorrectAnswer = Key(question),
                Explanation = CatalogMapping.Local(question.Explanation),
            };
        }).ToList();
        return new AttemptView(
            attempt.Id,
            course,
            attempt.QuizKey,
            attempt.Number,
            attempt.State,
            attempt.StartedAt,
            attempt.Deadline,
            attempt.SubmittedAt,
            attempt.Score,
            attempt.QuestionsOf(spec).Sum(question => question.Points),
            attempt.Grade,
            attempt.Grade is { } value ? value >= quiz.Spec.Policy.PassMark : null,
            shown,
            questions);
    }

    public static CheckedAnswerView Checked(QuestionSpec question, QuestionResult result) => new(
        question.Key,
        result.Correct,
        result.Points,
        result.MaxPoints,
        question.Feedback is null ? null : CatalogMapping.Local(result.Correct ? question.Feedback.Correct : question.Feedback.Incorrect),
        CatalogMapping.Local(question.Explanation),
        Key(question));

    private static CorrectAnswerView Key(QuestionSpec question) => question.Type switch
    {
        QuestionType.SingleChoice or QuestionType.MultipleChoice => new CorrectAnswerView(question.Answer.OptionKeys, null, null, null, null),
        QuestionType.TrueFalse => new CorrectAnswerView(null, question.Answer.Boolean, null, null, null),
        QuestionType.Numeric => new CorrectAnswerView(null, null, question.Answer.Number, question.Tolerance ?? 0m, null),
        _ => new CorrectAnswerView(null, null, null, null, question.Answer.Accepted is { } accepted
            ? accepted.TryGetValue(Infrastructure.Localization.Text.Language, out var local) ? local : accepted.Values.First()
            : []),
    };
}
