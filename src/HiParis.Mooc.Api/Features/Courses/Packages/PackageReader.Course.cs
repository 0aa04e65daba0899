using System.Text.RegularExpressions;
using HiParis.Mooc.Domain.Courses;
using YamlDotNet.RepresentationModel;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary>course.yaml: the course, its runs, grading and certificate rule; then its module folders.</summary>
public static partial class PackageReader
{
    private sealed partial class Context
    {
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
            y.RejectUnknown(root, "slug", "title", "summary", "description", "image", "trailer", "languages", "effort", "video_completion_threshold", "runs", "grading", "certificate");
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
            var description = y.Localized(YamlFields.Optional(root, "description"), "description", _languages);
            var image = y.OptionalString(root, "image");
            var trailer = y.OptionalString(root, "trailer");
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
                Description = description,
                Image = image,
                Trailer = trailer,
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
                problems.Add(new SourceRef(Relative(stray), 0), "unexpected file: a package holds course.yaml, module folders and a media folder");
            }

            List<ModuleSpec> modules = [];
            foreach (var dir in Directory.GetDirectories(packageDir).Order(StringComparer.Ordinal))
            {
                // Media files are not content: they are checked against the lessons that name them (courses validate).
                if (Path.GetFileName(dir) == MediaFolder)
                {
                    continue;
                }

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
    }
}
