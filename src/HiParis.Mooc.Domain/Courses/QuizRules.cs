namespace HiParis.Mooc.Domain.Courses;

/// <summary>
/// The rules of a quiz: a policy that can be lived by, questions that can be answered and graded, and no
/// set-up a learner can game (copying the key shown after one attempt into the next, or ticking every
/// option for most of the points).
/// </summary>
public static class QuizRules
{
    public static void Check(QuizSpec quiz, PackageProblems problems)
    {
        var policy = quiz.Policy;
        if (policy.MaxAttempts < 1)
        {
            problems.Add(quiz.Source, $"quiz '{quiz.Key}': max_attempts must be 1 or more");
        }

        if (policy.PassMark is <= 0 or > 1)
        {
            problems.Add(quiz.Source, $"quiz '{quiz.Key}': pass_mark must be in (0, 1]");
        }

        if (policy.DelayMinutes is < 0 or > CoursePackageRules.MaxMinutes || policy.TimeLimitMinutes is <= 0 or > CoursePackageRules.MaxMinutes)
        {
            problems.Add(quiz.Source, $"quiz '{quiz.Key}': delay_minutes must be from 0 to {CoursePackageRules.MaxMinutes} and time_limit_minutes from 1 to {CoursePackageRules.MaxMinutes}");
        }

        if (quiz.Questions.Count == 0)
        {
            problems.AddIncomplete(quiz.Source, $"quiz '{quiz.Key}' has no questions");
        }

        HashSet<string> keys = [];
        foreach (var question in quiz.Questions)
        {
            if (!keys.Add(question.Key))
            {
                problems.Add(question.Source, $"duplicate question key '{question.Key}' in quiz '{quiz.Key}'");
            }

            CheckQuestion(question, problems);
        }

        CheckPool(quiz, problems);
        CheckGameable(quiz, problems);
    }

    private static void CheckQuestion(QuestionSpec question, PackageProblems problems)
    {
        var name = $"question '{question.Key}'";

        // A package read from YAML always has these; content sent as JSON may carry nulls.
        if (question.Answer is null || question.Prompt is null || question.Explanation is null)
        {
            problems.Add(question.Source, $"{name}: prompt, answer and explanation are required");
            return;
        }
        if (question.Points is <= 0 or > CoursePackageRules.MaxPoints)
        {
            problems.Add(question.Source, $"{name}: points must be greater than 0 and at most {CoursePackageRules.MaxPoints}");
        }

        var isChoice = question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice;
        var options = question.Options ?? [];
        if (isChoice && options.Count < 2)
        {
            problems.Add(question.Source, $"{name}: a choice question needs at least two options");
        }

        if (!isChoice && question.Options is not null)
        {
            problems.Add(question.Source, $"{name}: only choice questions have options");
        }

        foreach (var option in options.GroupBy(option => option.Key).Where(group => group.Count() > 1))
        {
            problems.Add(option.Last().Source, $"{name}: duplicate option key '{option.Key}'");
        }

        if (question.Scoring is not null && question.Type != QuestionType.MultipleChoice)
        {
            problems.Add(question.Source, $"{name}: scoring applies to multiple_choice questions only");
        }

        var answer = question.Answer;
        switch (question.Type)
        {
            case QuestionType.SingleChoice or QuestionType.MultipleChoice:
                var chosen = answer.OptionKeys ?? [];
                if (chosen.Count == 0)
                {
                    problems.Add(answer.Source, $"{name}: the answer names no option");
                }

                if (question.Type == QuestionType.SingleChoice && chosen.Count > 1)
                {
                    problems.Add(answer.Source, $"{name}: a single_choice question has exactly one right option");
                }

                foreach (var key in chosen.Where(key => options.All(option => option.Key != key)))
                {
                    problems.Add(answer.Source, $"{name}: answer '{key}' is not among the options ({string.Join(", ", options.Select(option => option.Key))})");
                }

                break;
            case QuestionType.Numeric:
                if (answer.Number is null)
                {
                    problems.Add(answer.Source ?? question.Source, $"{name}: a numeric question needs a number as its answer");
                }

                if (question.Tolerance is null)
                {
                    problems.Add(question.Source, $"{name}: a numeric question needs a tolerance (0 for an exact answer)");
                }
                else if (question.Tolerance < 0)
                {
                    problems.Add(question.Source, $"{name}: tolerance must be 0 or more");
                }

                break;
            case QuestionType.ShortText:
                if (answer.Accepted is null || answer.Accepted.Count == 0 || answer.Accepted.Values.Any(accepted => accepted.Count == 0))
                {
                    problems.Add(answer.Source ?? question.Source, $"{name}: a short_text question needs accepted answers for every language");
                }

                break;
        }

        if (question.Type != QuestionType.Numeric && question.Tolerance is not null)
        {
            problems.Add(question.Source, $"{name}: only numeric questions have a tolerance");
        }
    }

    private static void CheckPool(QuizSpec quiz, PackageProblems problems)
    {
        if (quiz.Minutes is <= 0)
        {
            problems.Add(quiz.Source, $"quiz '{quiz.Key}': minutes must be greater than 0, not {quiz.Minutes}");
        }

        if (!quiz.IsPractice && quiz.Policy.Draw is { } draw && (draw < 1 || draw > quiz.Questions.Count))
        {
            problems.Add(quiz.Source, $"quiz '{quiz.Key}': policy.draw must be from 1 to the number of questions in the pool ({quiz.Questions.Count}), not {draw}");
        }
    }

    /// <summary>Answers shown while further attempts remain, when a later attempt can replace the grade: the key is copied.</summary>
    private static void CheckGameable(QuizSpec quiz, PackageProblems problems)
    {
        var policy = quiz.Policy;
        if (!quiz.IsPractice &&
            policy.MaxAttempts > 1 &&
            policy.GradingMethod is GradingMethod.Highest or GradingMethod.Last &&
            policy.ShowAnswers is ShowAnswers.Always or ShowAnswers.AfterEachAttempt or ShowAnswers.AfterPassing)
        {
            var shown = PackageName(policy.ShowAnswers.ToString());
            var method = PackageName(policy.GradingMethod.ToString());
            problems.Add(quiz.Source, $"quiz '{quiz.Key}': show_answers {shown} with {policy.MaxAttempts} attempts graded by {method} lets a learner copy the key into the next attempt (show them after_last_attempt or never, allow one attempt, or grade by first or average)");
        }

        foreach (var question in quiz.Questions.Where(question => question.Type == QuestionType.MultipleChoice && question.Options is { Count: > 0 } && question.Answer?.OptionKeys is { Count: > 0 }))
        {
            var options = question.Options!.Where(option => option is not null).Select(option => option.Key).Distinct().ToList();
            var right = question.Answer.OptionKeys!.Distinct().Count(options.Contains);
            var wrong = options.Count - right;
            if (wrong == 0)
            {
                problems.Add(question.Source, $"question '{question.Key}': every option is right, so ticking them all is the answer; add a wrong option");
            }
            else if (question.Scoring == ChoiceScoring.Partial && right > 2 * wrong)
            {
                // Ticking every option earns points × (right − wrong) / right, more than half when right > 2 × wrong.
                problems.Add(question.Source, $"question '{question.Key}': with partial scoring, ticking every option earns {right - wrong}/{right} of the points, more than half; add wrong options or score all_or_nothing");
            }
        }
    }

    /// <summary>"AfterEachAttempt" → "after_each_attempt", as packages spell it.</summary>
    private static string PackageName(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
