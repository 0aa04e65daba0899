using HiParis.Mooc.Domain.Courses;
using YamlDotNet.RepresentationModel;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary><c>NN-name.yaml</c>: a graded quiz or a practice set, its policy and its questions with their answer keys.</summary>
public static partial class PackageReader
{
    private sealed partial class Context
    {
        private QuizSpec? ReadQuiz(string path, string stem)
        {
            var root = LoadYaml(path, File.ReadAllText(path), 0);
            if (root is null)
            {
                return null;
            }

            var y = new YamlFields(Relative(path), 0, problems);
            y.RejectUnknown(root, "key", "title", "minutes", "practice", "policy", "questions");
            var key = y.RequiredString(root, "key");
            var title = y.RequiredLocalized(root, "title", _languages);
            var minutes = y.Integer(YamlFields.Optional(root, "minutes"), "minutes");
            var practice = y.Boolean(YamlFields.Optional(root, "practice"), "practice");

            // A practice set's policy is optional and ignored, but may not pretend to draw from a pool.
            var policyNode = practice == true ? YamlFields.Optional(root, "policy") : y.Required(root, "policy");
            var policy = ReadPolicy(y, y.Mapping(policyNode, "policy"));
            if (practice == true)
            {
                if (policy?.Draw is not null && policyNode is YamlMappingNode policyMap)
                {
                    y.Problem(YamlFields.Optional(policyMap, "draw")!, "a practice set asks every question: it has no 'draw'");
                }

                if (policyNode is null || policy is not null)
                {
                    policy = QuizPolicy.Practice;
                }
            }

            var questions = (y.Sequence(y.Required(root, "questions"), "questions")?.Children ?? [])
                .Select(node => ReadQuestion(y, y.Mapping(node, "questions")))
                .OfType<QuestionSpec>()
                .ToList();
            return key is null || title is null || policy is null
                ? null
                : new QuizSpec { FileStem = stem, Key = key, Title = title, Minutes = minutes, Practice = practice, Policy = policy, Questions = questions, Source = y.At(root) };
        }

        private static QuizPolicy? ReadPolicy(YamlFields y, YamlMappingNode? map)
        {
            if (map is null)
            {
                return null;
            }

            y.RejectUnknown(map, "max_attempts", "delay_minutes", "grading_method", "show_answers", "time_limit_minutes", "pass_mark", "shuffle", "draw");
            var maxAttempts = y.Integer(y.Required(map, "max_attempts"), "max_attempts");
            var gradingMethod = y.Enum<GradingMethod>(y.Required(map, "grading_method"), "grading_method");
            var showAnswers = y.Enum<ShowAnswers>(y.Required(map, "show_answers"), "show_answers");
            var passMark = y.Number(y.Required(map, "pass_mark"), "pass_mark");
            var delay = y.Integer(YamlFields.Optional(map, "delay_minutes"), "delay_minutes");
            var timeLimit = y.Integer(YamlFields.Optional(map, "time_limit_minutes"), "time_limit_minutes");
            var shuffle = y.Boolean(YamlFields.Optional(map, "shuffle"), "shuffle");
            var draw = y.Integer(YamlFields.Optional(map, "draw"), "draw");
            return maxAttempts is null || gradingMethod is null || showAnswers is null || passMark is null
                ? null
                : new QuizPolicy
                {
                    MaxAttempts = maxAttempts.Value,
                    DelayMinutes = delay,
                    GradingMethod = gradingMethod.Value,
                    ShowAnswers = showAnswers.Value,
                    TimeLimitMinutes = timeLimit,
                    PassMark = passMark.Value,
                    Shuffle = shuffle,
                    Draw = draw,
                };
        }

        private QuestionSpec? ReadQuestion(YamlFields y, YamlMappingNode? map)
        {
            if (map is null)
            {
                return null;
            }

            y.RejectUnknown(map, "key", "type", "points", "prompt", "options", "answer", "tolerance", "scoring", "feedback", "explanation");
            var key = y.RequiredString(map, "key");
            var typeNode = y.Required(map, "type");
            var typeText = y.Scalar(typeNode, "type");
            QuestionType? type = null;
            if (typeText is not null)
            {
                type = Enum.GetValues<QuestionType>().Cast<QuestionType?>().FirstOrDefault(value => PackageNames.Snake(value!.Value.ToString()) == typeText);
                if (type is null)
                {
                    y.Problem(typeNode!, $"unknown question type '{typeText}' (single_choice, multiple_choice, true_false, numeric, short_text)");
                }
            }

            var points = y.Number(y.Required(map, "points"), "points");
            var prompt = y.RequiredLocalized(map, "prompt", _languages);
            List<OptionSpec>? options = null;
            if (y.Sequence(YamlFields.Optional(map, "options"), "options") is { } optionNodes)
            {
                options = [];
                foreach (var node in optionNodes.Children)
                {
                    if (y.Mapping(node, "options") is not { } option)
                    {
                        continue;
                    }

                    y.RejectUnknown(option, "key", "text");
                    var optionKey = y.RequiredString(option, "key");
                    var text = y.RequiredLocalized(option, "text", _languages);
                    if (optionKey is not null && text is not null)
                    {
                        options.Add(new OptionSpec(optionKey, text) { Source = y.At(option) });
                    }
                }
            }

            var answerNode = y.Required(map, "answer");
            var answer = type is null || answerNode is null ? null : ReadAnswer(y, type.Value, answerNode);
            var tolerance = y.Number(YamlFields.Optional(map, "tolerance"), "tolerance");
            var scoring = y.Enum<ChoiceScoring>(YamlFields.Optional(map, "scoring"), "scoring");
            Feedback? feedback = null;
            if (y.Mapping(YamlFields.Optional(map, "feedback"), "feedback") is { } feedbackMap)
            {
                y.RejectUnknown(feedbackMap, "correct", "incorrect");
                var correct = y.RequiredLocalized(feedbackMap, "correct", _languages);
                var incorrect = y.RequiredLocalized(feedbackMap, "incorrect", _languages);
                feedback = correct is null || incorrect is null ? null : new Feedback(correct, incorrect);
            }

            var explanation = y.RequiredLocalized(map, "explanation", _languages);
            return key is null || type is null || points is null || prompt is null || answer is null || explanation is null
                ? null
                : new QuestionSpec
                {
                    Key = key,
                    Type = type.Value,
                    Points = points.Value,
                    Prompt = prompt,
                    Options = options,
                    Answer = answer,
                    Tolerance = tolerance,
                    Scoring = scoring,
                    Feedback = feedback,
                    Explanation = explanation,
                    Source = y.At(map),
                };
        }

        private AnswerSpec? ReadAnswer(YamlFields y, QuestionType type, YamlNode node)
        {
            var at = y.At(node);
            switch (type)
            {
                case QuestionType.SingleChoice:
                    return y.Scalar(node, "answer") is { } single ? new AnswerSpec { OptionKeys = [single], Source = at } : null;
                case QuestionType.MultipleChoice:
                    var keys = y.Sequence(node, "answer")?.Children.Select(child => y.Scalar(child, "answer")).OfType<string>().ToList();
                    return keys is null ? null : new AnswerSpec { OptionKeys = keys, Source = at };
                case QuestionType.TrueFalse:
                    return y.Boolean(node, "answer") is { } boolean ? new AnswerSpec { Boolean = boolean, Source = at } : null;
                case QuestionType.Numeric:
                    return y.Number(node, "answer") is { } number ? new AnswerSpec { Number = number, Source = at } : null;
                default:
                    if (y.Mapping(node, "answer") is not { } map)
                    {
                        return null;
                    }

                    Dictionary<string, List<string>> accepted = [];
                    foreach (var (languageNode, listNode) in map.Children)
                    {
                        var language = y.Scalar(languageNode, "answer") ?? "";
                        if (!_languages.Contains(language))
                        {
                            y.Problem(languageNode, $"language '{language}' in 'answer' is not declared in course.yaml languages");
                            continue;
                        }

                        accepted[language] = [.. (y.Sequence(listNode, $"answer.{language}")?.Children ?? []).Select(child => y.Scalar(child, "answer")).OfType<string>()];
                    }

                    return new AnswerSpec { Accepted = accepted, Source = at };
            }
        }
    }
}
