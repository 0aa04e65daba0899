using System.Text.RegularExpressions;
using HiParis.Mooc.Domain.Courses;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary>
/// Reads a course package folder (docs/course-package.md) into a <see cref="CoursePackage"/>, collecting
/// every problem with its file and line rather than stopping at the first.
/// </summary>
public static partial class PackageReader
{
    public const string CourseFile = "course.yaml";
    public const string ModuleFile = "module.yaml";

    /// <summary>Package folders under <paramref name="path"/>: itself if it holds a course.yaml, else its subfolders that do.</summary>
    public static IReadOnlyList<string> FindPackages(string path) =>
        File.Exists(Path.Combine(path, CourseFile))
            ? [Path.GetFullPath(path)]
            : Directory.Exists(path)
                ? [.. Directory.GetDirectories(path).Where(dir => File.Exists(Path.Combine(dir, CourseFile))).Order(StringComparer.Ordinal)]
                : [];

    public static (CoursePackage? Package, PackageProblems Problems) Read(string packageDir)
    {
        packageDir = Path.GetFullPath(packageDir);
        var problems = new PackageProblems();
        var context = new Context(packageDir, problems);
        var course = context.ReadCourse();
        if (course is not null && !problems.Any)
        {
            CoursePackageRules.Check(course, problems);
        }

        return (problems.Any ? null : course, problems);
    }

    [GeneratedRegex(@"^\d{2}-[a-z0-9][a-z0-9-]*$")]
    internal static partial Regex NumberedName();

    [GeneratedRegex(@"^<!-- lang: ([a-z]{2}) -->$")]
    private static partial Regex LanguageMarker();

    [GeneratedRegex(@"^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})(?: .*)?$")]
    private static partial Regex CueTiming();

    private sealed class Context(string packageDir, PackageProblems problems)
    {
        private readonly string _parent = Path.GetDirectoryName(packageDir)!;
        private List<string> _languages = [];

        private string Relative(string path) => Path.GetRelativePath(_parent, path).Replace('\\', '/');

        private YamlMappingNode? LoadYaml(string path, string text, int lineOffset)
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                if (stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root)
                {
                    return root;
                }

                problems.Add(new SourceRef(Relative(path), 1 + lineOffset), "expected one YAML mapping");
            }
            catch (YamlException yaml)
            {
                problems.Add(new SourceRef(Relative(path), (int)yaml.Start.Line + lineOffset), $"invalid YAML: {yaml.InnerException?.Message ?? yaml.Message}");
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner gives up this way on some malformed input, without a position.
                problems.Add(new SourceRef(Relative(path), 1 + lineOffset), "invalid YAML: the parser could not read this file");
            }

            return null;
        }

        public CoursePackage? ReadCourse()
        {
            var path = Path.Combine(packageDir, CourseFile);
            if (!File.Exists(path))
            {
                problems.Add(new SourceRef(Relative(path), 0), "missing course.yaml");
                return null;
            }

            var root = LoadYaml(path, File.ReadAllText(path), 0);
            if (root is null)
            {
                return null;
            }

            var y = new YamlFields(Relative(path), 0, problems);
            y.RejectUnknown(root, "slug", "title", "summary", "languages", "effort", "video_completion_threshold", "runs", "grading", "certificate");
            _languages = [.. (y.Sequence(y.Required(root, "languages"), "languages")?.Children ?? [])
                .Select(node => y.Scalar(node, "languages") ?? "")];
            foreach (var language in _languages.Where(language => !Regex.IsMatch(language, "^[a-z]{2}$")))
            {
                y.Problem(root, $"language '{language}' must be a two-letter code");
            }

            var slug = y.RequiredString(root, "slug");
            if (slug is not null && slug != Path.GetFileName(packageDir))
            {
                y.Problem(root, $"slug '{slug}' must equal the folder's name '{Path.GetFileName(packageDir)}'");
            }

            var title = y.RequiredLocalized(root, "title", _languages);
            var summary = y.RequiredLocalized(root, "summary", _languages);
            var effort = ReadEffort(y, y.Mapping(y.Required(root, "effort"), "effort"));
            var threshold = y.Number(YamlFields.Optional(root, "video_completion_threshold"), "video_completion_threshold");
            var runs = (y.Sequence(y.Required(root, "runs"), "runs")?.Children ?? [])
                .Select(node => ReadRun(y, y.Mapping(node, "runs")))
                .OfType<CourseRunSpec>()
                .ToList();
            var grading = ReadGrading(y, y.Mapping(y.Required(root, "grading"), "grading"));
            var certificate = ReadCertificate(y, y.Mapping(y.Required(root, "certificate"), "certificate"));
            var modules = ReadModules();

            if (slug is null || title is null || summary is null || effort is null || grading is null || certificate is null)
            {
                return null;
            }

            return new CoursePackage
            {
                Slug = slug,
                Title = title,
                Summary = summary,
                Languages = _languages,
                Effort = effort,
                VideoCompletionThreshold = threshold,
                Runs = runs,
                Grading = grading,
                Certificate = certificate,
                Modules = modules,
                Source = y.At(root),
            };
        }

        private static Effort? ReadEffort(YamlFields y, YamlMappingNode? map)
        {
            if (map is null)
            {
                return null;
            }

            y.RejectUnknown(map, "weeks", "hours_per_week");
            var weeks = y.Integer(y.Required(map, "weeks"), "weeks");
            var hours = y.Number(y.Required(map, "hours_per_week"), "hours_per_week");
            return weeks is null || hours is null ? null : new Effort(weeks.Value, hours.Value);
        }

        private CourseRunSpec? ReadRun(YamlFields y, YamlMappingNode? map)
        {
            if (map is null)
            {
                return null;
            }

            y.RejectUnknown(map, "key", "title", "pacing", "enrollment_opens", "enrollment_closes", "starts", "ends", "module_opens");
            var key = y.RequiredString(map, "key");
            var title = y.RequiredLocalized(map, "title", _languages);
            var pacing = y.Enum<Pacing>(y.Required(map, "pacing"), "pacing");
            var opens = y.Instant(y.Required(map, "enrollment_opens"), "enrollment_opens");
            var closes = y.Instant(YamlFields.Optional(map, "enrollment_closes"), "enrollment_closes");
            var starts = y.Instant(y.Required(map, "starts"), "starts");
            var ends = y.Instant(YamlFields.Optional(map, "ends"), "ends");
            Dictionary<string, DateTimeOffset>? moduleOpens = null;
            if (y.Mapping(YamlFields.Optional(map, "module_opens"), "module_opens") is { } opensMap)
            {
                moduleOpens = [];
                foreach (var (moduleKey, at) in opensMap.Children)
                {
                    if (y.Scalar(moduleKey, "module_opens") is { } name && y.Instant(at, $"module_opens.{name}") is { } instant)
                    {
                        moduleOpens[name] = instant;
                    }
                }
            }

            if (key is null || title is null || pacing is null || opens is null || starts is null)
            {
                return null;
            }

            return new CourseRunSpec
            {
                Key = key,
                Title = title,
                Pacing = pacing.Value,
                EnrollmentOpens = opens.Value,
                EnrollmentCloses = closes,
                Starts = starts.Value,
                Ends = ends,
                ModuleOpens = moduleOpens,
                Source = y.At(map),
            };
        }

        private static GradingPolicy? ReadGrading(YamlFields y, YamlMappingNode? map)
        {
            if (map is null)
            {
                return null;
            }

            y.RejectUnknown(map, "pass_mark", "weights");
            var passMark = y.Number(y.Required(map, "pass_mark"), "pass_mark");
            List<QuizWeight> weights = [];
            foreach (var node in y.Sequence(y.Required(map, "weights"), "weights")?.Children ?? [])
            {
                if (y.Mapping(node, "weights") is not { } entry)
                {
                    continue;
                }

                y.RejectUnknown(entry, "quiz", "weight");
                var quiz = y.RequiredString(entry, "quiz");
                var weight = y.Number(y.Required(entry, "weight"), "weight");
                if (quiz is not null && weight is not null)
                {
                    weights.Add(new QuizWeight(quiz, weight.Value) { Source = y.At(entry) });
                }
            }

            return passMark is null ? null : new GradingPolicy(passMark.Value, weights);
        }

        private static CertificateRule? ReadCertificate(YamlFields y, YamlMappingNode? map)
        {
            if (map is null)
            {
                return null;
            }

            y.RejectUnknown(map, "min_grade", "min_lessons_completed", "all_quizzes_passed");
            var minGrade = y.Number(y.Required(map, "min_grade"), "min_grade");
            return minGrade is null
                ? null
                : new CertificateRule(
                    minGrade.Value,
                    y.Number(YamlFields.Optional(map, "min_lessons_completed"), "min_lessons_completed"),
                    y.Boolean(YamlFields.Optional(map, "all_quizzes_passed"), "all_quizzes_passed"));
        }

        private List<ModuleSpec> ReadModules()
        {
            foreach (var stray in Directory.GetFiles(packageDir).Where(file => Path.GetFileName(file) != CourseFile))
            {
                problems.Add(new SourceRef(Relative(stray), 0), "unexpected file: a package holds course.yaml and module folders");
            }

            List<ModuleSpec> modules = [];
            foreach (var dir in Directory.GetDirectories(packageDir).Order(StringComparer.Ordinal))
            {
                if (!NumberedName().IsMatch(Path.GetFileName(dir)))
                {
                    problems.Add(new SourceRef(Relative(dir), 0), "a module folder is named NN-name (two digits, then lowercase letters, digits and '-')");
                    continue;
                }

                if (ReadModule(dir) is { } module)
                {
                    modules.Add(module);
                }
            }

            return modules;
        }

        private ModuleSpec? ReadModule(string dir)
        {
            var path = Path.Combine(dir, ModuleFile);
            if (!File.Exists(path))
            {
                problems.Add(new SourceRef(Relative(path), 0), "missing module.yaml");
                return null;
            }

            var root = LoadYaml(path, File.ReadAllText(path), 0);
            if (root is null)
            {
                return null;
            }

            var y = new YamlFields(Relative(path), 0, problems);
            y.RejectUnknown(root, "key", "title", "summary", "unlock");
            var key = y.RequiredString(root, "key");
            var title = y.RequiredLocalized(root, "title", _languages);
            var summary = y.RequiredLocalized(root, "summary", _languages);
            int? week = null;
            if (y.Mapping(YamlFields.Optional(root, "unlock"), "unlock") is { } unlock)
            {
                y.RejectUnknown(unlock, "week");
                week = y.Integer(y.Required(unlock, "week"), "unlock.week");
            }

            var items = ReadItems(dir);
            return key is null || title is null || summary is null
                ? null
                : new ModuleSpec { Folder = Path.GetFileName(dir), Key = key, Title = title, Summary = summary, UnlockWeek = week, Items = items, Source = y.At(root) };
        }

        private List<ItemSpec> ReadItems(string dir)
        {
            List<ItemSpec> items = [];
            HashSet<string> transcripts = [];
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var stem = Path.GetFileNameWithoutExtension(file);
                var extension = Path.GetExtension(file);
                if (name == ModuleFile || extension == ".vtt")
                {
                    continue;
                }

                if (!NumberedName().IsMatch(stem) || extension is not (".md" or ".yaml"))
                {
                    problems.Add(new SourceRef(Relative(file), 0), "an item file is named NN-name.md (lesson, reading) or NN-name.yaml (quiz)");
                    continue;
                }

                var item = extension == ".md" ? ReadMarkdownItem(file, stem, transcripts) : ReadQuiz(file, stem);
                if (item is not null)
                {
                    items.Add(item);
                }
            }

            foreach (var vtt in Directory.GetFiles(dir, "*.vtt").Where(vtt => !transcripts.Contains(Path.GetFileName(vtt))))
            {
                problems.Add(new SourceRef(Relative(vtt), 0), "transcript file is not referenced by any lesson");
            }

            return items;
        }

        private ItemSpec? ReadMarkdownItem(string path, string stem, HashSet<string> transcriptsSeen)
        {
            var text = File.ReadAllText(path);
            var relative = Relative(path);
            if (!text.StartsWith("---\n", StringComparison.Ordinal))
            {
                problems.Add(new SourceRef(relative, 1), "a lesson or reading starts with YAML front matter between two '---' lines");
                return null;
            }

            var end = text.IndexOf("\n---\n", 3, StringComparison.Ordinal);
            if (end < 0)
            {
                problems.Add(new SourceRef(relative, 1), "the front matter has no closing '---' line");
                return null;
            }

            var frontMatter = text[4..(end + 1)];
            var body = text[(end + 5)..];
            var bodyFirstLine = frontMatter.Count(c => c == '\n') + 3;
            var root = LoadYaml(path, frontMatter, 1);
            var notes = ReadNotes(relative, body, bodyFirstLine);
            if (root is null)
            {
                return null;
            }

            var y = new YamlFields(relative, 1, problems);
            var type = y.RequiredString(root, "type");
            if (type is not ("video" or "reading"))
            {
                if (type is not null)
                {
                    y.Problem(root, $"unknown item type '{type}': a .md item is a video or a reading (quizzes are .yaml files)");
                }

                return null;
            }

            y.RejectUnknown(root, type == "video" ? ["key", "type", "title", "video", "transcripts"] : ["key", "type", "title", "minutes"]);
            var key = y.RequiredString(root, "key");
            var title = y.RequiredLocalized(root, "title", _languages);
            if (key is null || title is null || notes is null)
            {
                return null;
            }

            if (type == "reading")
            {
                var minutes = y.Integer(y.Required(root, "minutes"), "minutes");
                return minutes is null ? null : new ReadingSpec { FileStem = stem, Key = key, Title = title, Minutes = minutes.Value, Notes = notes, Source = y.At(root) };
            }

            var video = y.Mapping(y.Required(root, "video"), "video");
            string? src = null;
            int? duration = null;
            if (video is not null)
            {
                y.RejectUnknown(video, "src", "duration");
                src = y.RequiredString(video, "src");
                duration = y.Integer(y.Required(video, "duration"), "duration");
            }

            Dictionary<string, TranscriptSpec> transcripts = [];
            if (y.Mapping(y.Required(root, "transcripts"), "transcripts") is { } transcriptMap)
            {
                foreach (var (languageNode, fileNode) in transcriptMap.Children)
                {
                    var language = y.Scalar(languageNode, "transcripts") ?? "";
                    if (!_languages.Contains(language))
                    {
                        y.Problem(languageNode, $"language '{language}' in 'transcripts' is not declared in course.yaml languages");
                        continue;
                    }

                    if (y.Scalar(fileNode, $"transcripts.{language}") is not { } fileName)
                    {
                        continue;
                    }

                    transcriptsSeen.Add(fileName);
                    var vttPath = Path.Combine(Path.GetDirectoryName(path)!, fileName);
                    if (!File.Exists(vttPath) || Path.GetDirectoryName(Path.GetFullPath(vttPath)) != Path.GetDirectoryName(path))
                    {
                        y.Problem(fileNode, $"missing transcript file '{fileName}'");
                        continue;
                    }

                    var webVtt = File.ReadAllText(vttPath);
                    CheckWebVtt(Relative(vttPath), webVtt, duration);
                    transcripts[language] = new TranscriptSpec(fileName, webVtt);
                }

                foreach (var missing in _languages.Where(language => !transcriptMap.Children.ContainsKey(new YamlScalarNode(language))))
                {
                    y.Problem(transcriptMap, $"missing transcript for language '{missing}'");
                }
            }

            return src is null || duration is null
                ? null
                : new VideoLessonSpec
                {
                    FileStem = stem,
                    Key = key,
                    Title = title,
                    VideoSource = src,
                    DurationSeconds = duration.Value,
                    Transcripts = transcripts,
                    Notes = notes,
                    Source = y.At(root),
                };
        }

        /// <summary>The body: one section per language, each opened by a <c>&lt;!-- lang: xx --&gt;</c> line, kept verbatim.</summary>
        private Dictionary<string, string>? ReadNotes(string file, string body, int firstLine)
        {
            Dictionary<string, string> notes = [];
            var lines = body.Split('\n');
            string? current = null;
            var start = 0;
            var offset = 0;
            var ok = true;
            for (var i = 0; i < lines.Length; i++)
            {
                var match = LanguageMarker().Match(lines[i]);
                if (match.Success)
                {
                    if (current is not null)
                    {
                        notes[current] = body[start..offset];
                    }

                    current = match.Groups[1].Value;
                    if (!_languages.Contains(current) || notes.ContainsKey(current))
                    {
                        problems.Add(new SourceRef(file, firstLine + i), $"notes language '{current}' is not declared in course.yaml, or appears twice");
                        ok = false;
                    }

                    start = offset + lines[i].Length + 1;
                }
                else if (current is null && lines[i].Trim().Length > 0)
                {
                    problems.Add(new SourceRef(file, firstLine + i), "notes start with a '<!-- lang: xx -->' line");
                    return null;
                }

                offset += lines[i].Length + 1;
            }

            if (current is not null)
            {
                notes[current] = body[Math.Min(start, body.Length)..];
            }

            foreach (var missing in _languages.Where(language => !notes.ContainsKey(language)))
            {
                problems.Add(new SourceRef(file, firstLine), $"no notes for language '{missing}'");
                ok = false;
            }

            if (ok && !notes.Keys.SequenceEqual(_languages))
            {
                problems.Add(new SourceRef(file, firstLine), $"notes sections must follow the order of languages ({string.Join(", ", _languages)})");
                ok = false;
            }

            return ok ? notes : null;
        }

        private void CheckWebVtt(string file, string text, int? duration)
        {
            var lines = text.Split('\n');
            if (lines.Length == 0 || !(lines[0] == "WEBVTT" || lines[0].StartsWith("WEBVTT ", StringComparison.Ordinal)))
            {
                problems.Add(new SourceRef(file, 1), "malformed transcript: a WebVTT file starts with 'WEBVTT'");
                return;
            }

            var previousEnd = -1.0;
            var cues = 0;
            for (var i = 1; i < lines.Length; i++)
            {
                if (!lines[i].Contains("-->", StringComparison.Ordinal))
                {
                    continue;
                }

                var match = CueTiming().Match(lines[i]);
                if (!match.Success)
                {
                    problems.Add(new SourceRef(file, i + 1), "malformed transcript: cue timing must read HH:MM:SS.mmm --> HH:MM:SS.mmm");
                    continue;
                }

                var from = Seconds(match, 1);
                var to = Seconds(match, 5);
                if (to <= from || from < previousEnd)
                {
                    problems.Add(new SourceRef(file, i + 1), "malformed transcript: cue times must increase");
                }
                else if (duration is > 0 && to > duration.Value)
                {
                    problems.Add(new SourceRef(file, i + 1), $"malformed transcript: the cue ends after the video's duration ({duration} s)");
                }

                if (i + 1 >= lines.Length || lines[i + 1].Trim().Length == 0)
                {
                    problems.Add(new SourceRef(file, i + 1), "malformed transcript: a cue has no text");
                }

                previousEnd = to;
                cues++;
            }

            if (cues == 0)
            {
                problems.Add(new SourceRef(file, 1), "malformed transcript: no cues");
            }
        }

        private static double Seconds(Match match, int group) =>
            (int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture) * 3600) +
            (int.Parse(match.Groups[group + 1].Value, System.Globalization.CultureInfo.InvariantCulture) * 60) +
            int.Parse(match.Groups[group + 2].Value, System.Globalization.CultureInfo.InvariantCulture) +
            (int.Parse(match.Groups[group + 3].Value, System.Globalization.CultureInfo.InvariantCulture) / 1000.0);

        private QuizSpec? ReadQuiz(string path, string stem)
        {
            var root = LoadYaml(path, File.ReadAllText(path), 0);
            if (root is null)
            {
                return null;
            }

            var y = new YamlFields(Relative(path), 0, problems);
            y.RejectUnknown(root, "key", "title", "policy", "questions");
            var key = y.RequiredString(root, "key");
            var title = y.RequiredLocalized(root, "title", _languages);
            var policy = ReadPolicy(y, y.Mapping(y.Required(root, "policy"), "policy"));
            var questions = (y.Sequence(y.Required(root, "questions"), "questions")?.Children ?? [])
                .Select(node => ReadQuestion(y, y.Mapping(node, "questions")))
                .OfType<QuestionSpec>()
                .ToList();
            return key is null || title is null || policy is null
                ? null
                : new QuizSpec { FileStem = stem, Key = key, Title = title, Policy = policy, Questions = questions, Source = y.At(root) };
        }

        private static QuizPolicy? ReadPolicy(YamlFields y, YamlMappingNode? map)
        {
            if (map is null)
            {
                return null;
            }

            y.RejectUnknown(map, "max_attempts", "delay_minutes", "grading_method", "show_answers", "time_limit_minutes", "pass_mark", "shuffle");
            var maxAttempts = y.Integer(y.Required(map, "max_attempts"), "max_attempts");
            var gradingMethod = y.Enum<GradingMethod>(y.Required(map, "grading_method"), "grading_method");
            var showAnswers = y.Enum<ShowAnswers>(y.Required(map, "show_answers"), "show_answers");
            var passMark = y.Number(y.Required(map, "pass_mark"), "pass_mark");
            var delay = y.Integer(YamlFields.Optional(map, "delay_minutes"), "delay_minutes");
            var timeLimit = y.Integer(YamlFields.Optional(map, "time_limit_minutes"), "time_limit_minutes");
            var shuffle = y.Boolean(YamlFields.Optional(map, "shuffle"), "shuffle");
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
