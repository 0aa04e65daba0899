using System.Text.Json.Serialization;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning;

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
    string Type,
    decimal Points,
    string Prompt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OptionView>? Options,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AnswerBody? Answer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? PointsEarned = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Correct = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Feedback = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CorrectAnswerView? CorrectAnswer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Explanation = null);

public sealed record AttemptView(
    Guid Id,
    string Course,
    string Quiz,
    int Number,
    string State,
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
    string GradingMethod,
    string ShowAnswers,
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
    string GradingMethod,
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

/// <summary>How attempts and grades are shown: the show-answer policy decides what of the key a learner sees.</summary>
internal static class QuizViews
{
    /// <summary>
    /// An attempt as its learner sees it: the questions as the attempt saw them (<paramref name="spec"/>),
    /// what is shown of the key by the quiz's current <paramref name="policy"/>, so a show-answer policy
    /// tightened since applies to earlier attempts too.
    /// </summary>
    public static AttemptView Attempt(QuizAttempt attempt, QuizSpec spec, QuizPolicy policy, string course, QuizGrade? grade, int attemptsUsed, int attemptsAllowed, bool anyOpen)
    {
        var shown = AnswersShown(policy.ShowAnswers, attempt, grade, attemptsUsed >= attemptsAllowed && !anyOpen);
        var results = attempt.Results.ToDictionary(result => result.Key);
        var questions = QuizLayout.For(spec, attempt.Seed).Select(laid =>
        {
            var question = laid.Question;
            var view = new QuestionView(
                question.Key,
                Snake(question.Type.ToString()),
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
            Snake(attempt.State.ToString()),
            attempt.StartedAt,
            attempt.Deadline,
            attempt.SubmittedAt,
            attempt.Score,
            spec.Questions.Sum(question => question.Points),
            attempt.Grade,
            attempt.Grade is { } value ? value >= policy.PassMark : null,
            shown,
            questions);
    }

    /// <summary>Whether a learner may see an attempt's answer key, feedback and explanations.</summary>
    public static bool AnswersShown(ShowAnswers policy, QuizAttempt attempt, QuizGrade? grade, bool noAttemptsLeft) => policy switch
    {
        ShowAnswers.Always => true,
        ShowAnswers.Never => false,
        _ when attempt.IsOpen => false,
        ShowAnswers.AfterEachAttempt => true,
        ShowAnswers.AfterPassing => grade?.EverPassed == true,
        _ => noAttemptsLeft,
    };

    public static string Snake(string pascal) => Courses.Packages.PackageNames.Snake(pascal);

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
