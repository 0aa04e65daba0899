using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary>
/// Writes a course in the package layout, in one canonical form: fields in the documented order,
/// two-space indentation, text quoted only where YAML needs it. Notes and transcripts are written as
/// authored. A package in canonical form is written back byte for byte.
/// </summary>
public static partial class PackageWriter
{
    /// <summary>Relative path (slug/…) → content, in path order.</summary>
    public static SortedDictionary<string, string> Write(CoursePackage course)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        files[$"{course.Slug}/{PackageReader.CourseFile}"] = CourseYaml(course);
        foreach (var module in course.Modules)
        {
            var folder = $"{course.Slug}/{module.Folder}";
            files[$"{folder}/{PackageReader.ModuleFile}"] = ModuleYaml(module, course.Languages);
            foreach (var item in module.Items)
            {
                switch (item)
                {
                    case QuizSpec quiz:
                        files[$"{folder}/{quiz.FileStem}.yaml"] = QuizYaml(quiz, course.Languages);
                        break;
                    case VideoLessonSpec video:
                        files[$"{folder}/{video.FileStem}.md"] = MarkdownItem(video, course.Languages);
                        foreach (var transcript in video.Transcripts.Values)
                        {
                            files[$"{folder}/{transcript.File}"] = transcript.WebVtt;
                        }

                        break;
                    case ReadingSpec reading:
                        files[$"{folder}/{reading.FileStem}.md"] = MarkdownItem(reading, course.Languages);
                        break;
                }
            }
        }

        return files;
    }

    /// <summary>A fingerprint of the course's canonical form: equal packages, equal hashes.</summary>
    public static string ContentHash(CoursePackage course)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, content) in Write(course))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(path));
            sha.AppendData([0]);
            sha.AppendData(Encoding.UTF8.GetBytes(content));
            sha.AppendData([0]);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static async Task WriteToAsync(CoursePackage course, string targetDir, CancellationToken cancellationToken)
    {
        foreach (var (path, content) in Write(course))
        {
            var full = Path.Combine(targetDir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        }
    }

    private static string CourseYaml(CoursePackage course)
    {
        var y = new Yaml();
        y.Field(0, "slug", course.Slug);
        y.Localized(0, "title", course.Title, course.Languages);
        y.Localized(0, "summary", course.Summary, course.Languages);
        y.Line(0, $"languages: [{string.Join(", ", course.Languages)}]");
        y.Line(0, "effort:");
        y.Token(1, "weeks", Number(course.Effort.Weeks));
        y.Token(1, "hours_per_week", Number(course.Effort.HoursPerWeek));
        y.OptionalToken(0, "video_completion_threshold", course.VideoCompletionThreshold is { } threshold ? Number(threshold) : null);
        y.Line(0, "runs:");
        foreach (var run in course.Runs)
        {
            y.Item(1, "key", run.Key);
            y.Localized(2, "title", run.Title, course.Languages);
            y.Token(2, "pacing", PackageNames.Snake(run.Pacing.ToString()));
            y.Token(2, "enrollment_opens", Instant(run.EnrollmentOpens));
            y.OptionalToken(2, "enrollment_closes", run.EnrollmentCloses is { } closes ? Instant(closes) : null);
            y.Token(2, "starts", Instant(run.Starts));
            y.OptionalToken(2, "ends", run.Ends is { } ends ? Instant(ends) : null);
            if (run.ModuleOpens is { } opens)
            {
                y.Line(2, "module_opens:");
                foreach (var module in course.Modules.Where(module => opens.ContainsKey(module.Key)))
                {
                    y.Token(3, module.Key, Instant(opens[module.Key]));
                }
            }
        }

        y.Line(0, "grading:");
        y.Token(1, "pass_mark", Number(course.Grading.PassMark));
        y.Line(1, "weights:");
        foreach (var weight in course.Grading.Weights)
        {
            y.Item(2, "quiz", weight.Quiz);
            y.Token(3, "weight", Number(weight.Weight));
        }

        y.Line(0, "certificate:");
        y.Token(1, "min_grade", Number(course.Certificate.MinGrade));
        y.OptionalToken(1, "min_lessons_completed", course.Certificate.MinLessonsCompleted is { } lessons ? Number(lessons) : null);
        y.OptionalToken(1, "all_quizzes_passed", Bool(course.Certificate.AllQuizzesPassed));
        return y.ToString();
    }

    private static string ModuleYaml(ModuleSpec module, List<string> languages)
    {
        var y = new Yaml();
        y.Field(0, "key", module.Key);
        y.Localized(0, "title", module.Title, languages);
        y.Localized(0, "summary", module.Summary, languages);
        if (module.UnlockWeek is { } week)
        {
            y.Line(0, "unlock:");
            y.Token(1, "week", Number(week));
        }

        return y.ToString();
    }

    private static string MarkdownItem(ItemSpec item, List<string> languages)
    {
        var y = new Yaml();
        y.Field(0, "key", item.Key);
        y.Token(0, "type", item.TypeName);
        y.Localized(0, "title", item.Title, languages);
        Dictionary<string, string> notes;
        if (item is VideoLessonSpec video)
        {
            y.Line(0, "video:");
            y.Field(1, "src", video.VideoSource);
            y.Token(1, "duration", Number(video.DurationSeconds));
            y.Line(0, "transcripts:");
            foreach (var language in languages.Where(video.Transcripts.ContainsKey))
            {
                y.Field(1, language, video.Transcripts[language].File);
            }

            notes = video.Notes;
        }
        else
        {
            var reading = (ReadingSpec)item;
            y.Token(0, "minutes", Number(reading.Minutes));
            notes = reading.Notes;
        }

        var text = new StringBuilder("---\n").Append(y).Append("---\n");
        foreach (var language in languages.Where(notes.ContainsKey))
        {
            text.Append("<!-- lang: ").Append(language).Append(" -->\n").Append(notes[language]);
        }

        return text.ToString();
    }

    private static string QuizYaml(QuizSpec quiz, List<string> languages)
    {
        var y = new Yaml();
        y.Field(0, "key", quiz.Key);
        y.Localized(0, "title", quiz.Title, languages);
        var policy = quiz.Policy;
        y.Line(0, "policy:");
        y.Token(1, "max_attempts", Number(policy.MaxAttempts));
        y.OptionalToken(1, "delay_minutes", policy.DelayMinutes is { } delay ? Number(delay) : null);
        y.Token(1, "grading_method", PackageNames.Snake(policy.GradingMethod.ToString()));
        y.Token(1, "show_answers", PackageNames.Snake(policy.ShowAnswers.ToString()));
        y.OptionalToken(1, "time_limit_minutes", policy.TimeLimitMinutes is { } limit ? Number(limit) : null);
        y.Token(1, "pass_mark", Number(policy.PassMark));
        y.OptionalToken(1, "shuffle", Bool(policy.Shuffle));
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

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Bool(bool? value) => value switch
    {
        true => "true",
        false => "false",
        null => null,
    };

    private static string Instant(DateTimeOffset value) =>
        value.Offset == TimeSpan.Zero
            ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\.\d+|\d[\d_]*(\.\d*)?)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|\d{4}-\d\d-\d\d.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksTyped();

    /// <summary>A tiny YAML emitter for the shapes packages use; keys are written as given.</summary>
    private sealed class Yaml
    {
        private readonly StringBuilder _text = new();

        public void Line(int depth, string text) => _text.Append(' ', depth * 2).Append(text).Append('\n');

        /// <summary>A text value, quoted where needed.</summary>
        public void Field(int depth, string key, string value) => Line(depth, $"{key}: {Scalar(value)}");

        /// <summary>A value that is already a YAML token: a number, a boolean, an instant, an enum name.</summary>
        public void Token(int depth, string key, string value) => Line(depth, $"{key}: {value}");

        public void OptionalToken(int depth, string key, string? value)
        {
            if (value is not null)
            {
                Token(depth, key, value);
            }
        }

        /// <summary>The first field of a list element, <c>- key: value</c>; its other fields go one level deeper.</summary>
        public void Item(int depth, string key, string value) => Line(depth, $"- {key}: {Scalar(value)}");

        public void Localized(int depth, string key, Dictionary<string, string> texts, List<string> languages)
        {
            Line(depth, $"{key}:");
            foreach (var language in languages.Where(texts.ContainsKey))
            {
                Line(depth + 1, $"{language}: {Scalar(texts[language])}");
            }
        }

        /// <summary>Plain when YAML reads it back as the same string, else double-quoted.</summary>
        public static string Scalar(string value)
        {
            var plain = value.Length > 0 &&
                        value.Trim() == value &&
                        "-?:,[]{}#&*!|>'\"%@`".IndexOf(value[0], StringComparison.Ordinal) < 0 &&
                        !value.Contains(": ", StringComparison.Ordinal) &&
                        !value.Contains(" #", StringComparison.Ordinal) &&
                        !value.EndsWith(':') &&
                        !value.Any(char.IsControl) &&
                        !LooksTyped().IsMatch(value);
            if (plain)
            {
                return value;
            }

            var quoted = new StringBuilder("\"");
            foreach (var c in value)
            {
                quoted.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\t' => "\\t",
                    _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }

            return quoted.Append('"').ToString();
        }

        public override string ToString() => _text.ToString();
    }
}
