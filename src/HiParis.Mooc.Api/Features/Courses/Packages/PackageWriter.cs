using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
        if (course.Description is { } description)
        {
            y.Localized(0, "description", description, course.Languages);
        }

        y.OptionalField(0, "image", course.Image);
        y.OptionalField(0, "trailer", course.Trailer);
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
        y.OptionalToken(0, "preview", Bool(item.Preview));
        Dictionary<string, string> notes;
        if (item is VideoLessonSpec video)
        {
            y.Line(0, "video:");
            foreach (var source in video.Sources)
            {
                var depth = 1;
                if (source.Language is { } language)
                {
                    y.Line(1, $"{language}:");
                    depth = 2;
                }

                y.Field(depth, "src", source.Src);
                y.Token(depth, "duration", Number(source.DurationSeconds));
            }

            y.OptionalField(0, "poster", video.Poster);
            y.OptionalToken(0, "height", video.Height is { } height ? Number(height) : null);
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
}
