using HiParis.Mooc.Domain.Courses;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Courses;

public sealed record EffortResponse(int Weeks, decimal HoursPerWeek);

public sealed record RunResponse(
    string Key,
    string Title,
    string Pacing,
    DateTimeOffset EnrollmentOpens,
    DateTimeOffset? EnrollmentCloses,
    DateTimeOffset Starts,
    DateTimeOffset? Ends,
    bool EnrollmentOpen);

public sealed record CourseSummaryResponse(
    string Slug,
    string Title,
    string Summary,
    IReadOnlyList<string> Languages,
    EffortResponse Effort,
    RunResponse? CurrentRun);

public sealed record OutlineItemResponse(
    string Key,
    string Type,
    string Title,
    int? DurationSeconds,
    int Minutes,
    int? QuestionCount,
    decimal? Points,
    int? MaxAttempts,
    int? TimeLimitMinutes,
    bool Preview);

/// <summary>A course's long description: safe HTML rendered from its Markdown, and the Markdown, in one language.</summary>
public sealed record DescriptionResponse(string Language, string Html, string Markdown);

public sealed record OutlineModuleResponse(string Key, int Week, string Title, string Summary, IReadOnlyList<OutlineItemResponse> Items);

public sealed record QuizWeightResponse(string Quiz, string Title, decimal Weight);

public sealed record GradingResponse(decimal PassMark, IReadOnlyList<QuizWeightResponse> Weights);

public sealed record CertificateRuleResponse(decimal MinGrade, decimal MinLessonsCompleted, bool AllQuizzesPassed);

public sealed record CourseDetailResponse(
    string Slug,
    string Title,
    string Summary,
    DescriptionResponse? Description,
    string? Image,
    string? Trailer,
    IReadOnlyList<string> Languages,
    EffortResponse Effort,
    decimal VideoCompletionThreshold,
    GradingResponse Grading,
    CertificateRuleResponse Certificate,
    IReadOnlyList<RunResponse> Runs,
    IReadOnlyList<OutlineModuleResponse> Modules);

/// <summary>The public view of a course, in the request's language. No answer keys, no transcripts.</summary>
internal static class CatalogMapping
{
    public static string Local(Dictionary<string, string> texts) =>
        texts.TryGetValue(Language, out var text) ? text : texts.Values.First();

    public static RunResponse ToResponse(this CourseRunSpec run, DateTimeOffset now) => new(
        run.Key,
        Local(run.Title),
        run.Pacing == Pacing.Self ? "self" : "instructor",
        run.EnrollmentOpens,
        run.EnrollmentCloses,
        run.Starts,
        run.Ends,
        run.IsEnrollmentOpen(now));

    /// <summary>The run to show first: one open for enrolment (earliest start), else the next to open.</summary>
    public static CourseRunSpec? CurrentRun(this CoursePackage course, DateTimeOffset now)
    {
        var live = course.Runs.Where(run => run.Ends is null || run.Ends > now).ToList();
        return live.Where(run => run.IsEnrollmentOpen(now)).OrderBy(run => run.Starts).FirstOrDefault()
            ?? live.Where(run => run.EnrollmentOpens > now).OrderBy(run => run.EnrollmentOpens).FirstOrDefault();
    }

    public static CourseSummaryResponse ToSummary(this CoursePackage course, DateTimeOffset now) => new(
        course.Slug,
        Local(course.Title),
        Local(course.Summary),
        course.Languages,
        new EffortResponse(course.Effort.Weeks, course.Effort.HoursPerWeek),
        course.CurrentRun(now)?.ToResponse(now));

    /// <param name="course">The course.</param>
    /// <param name="now">What "enrolment open" is measured against.</param>
    /// <param name="publicMedia">The address of a public media file (the image), null while it is missing.</param>
    public static CourseDetailResponse ToDetail(this CoursePackage course, DateTimeOffset now, Func<string?, string?> publicMedia)
    {
        var quizzes = course.Quizzes.ToDictionary(quiz => quiz.Key);
        var language = course.Languages.Contains(Language) ? Language : course.Languages[0];
        return new CourseDetailResponse(
            course.Slug,
            Local(course.Title),
            Local(course.Summary),
            course.Description is { Count: > 0 } description ? Describe(description) : null,
            publicMedia(course.Image),
            course.Trailer,
            course.Languages,
            new EffortResponse(course.Effort.Weeks, course.Effort.HoursPerWeek),
            course.EffectiveVideoCompletionThreshold,
            new GradingResponse(
                course.Grading.PassMark,
                [.. course.Grading.Weights.Select(weight => new QuizWeightResponse(weight.Quiz, Local(quizzes[weight.Quiz].Title), weight.Weight))]),
            new CertificateRuleResponse(course.Certificate.MinGrade, course.Certificate.MinLessonsCompleted ?? 0, course.Certificate.AllQuizzesPassed ?? false),
            [.. course.Runs.Select(run => run.ToResponse(now))],
            [.. course.Modules.Select((module, index) => new OutlineModuleResponse(
                module.Key,
                module.UnlockWeek ?? index + 1,
                Local(module.Title),
                Local(module.Summary),
                [.. module.Items.Select(item => ToOutline(course, item, language))]))]);
    }

    private static DescriptionResponse Describe(Dictionary<string, string> description)
    {
        var language = description.ContainsKey(Language) ? Language : description.Keys.First();
        return new DescriptionResponse(language, Content.MarkdownHtml.Render(description[language]), description[language]);
    }

    private static OutlineItemResponse ToOutline(CoursePackage course, ItemSpec item, string language) => item switch
    {
        VideoLessonSpec video => new(video.Key, "video", Local(video.Title), video.DurationIn(language), CoursePackage.Minutes(video, language), null, null, null, null, course.IsPublic(item)),
        ReadingSpec reading => new(reading.Key, "reading", Local(reading.Title), null, reading.Minutes, null, null, null, null, course.IsPublic(item)),
        QuizSpec quiz => new(
            quiz.Key,
            quiz.IsPractice ? "practice" : "quiz",
            Local(quiz.Title),
            null,
            CoursePackage.Minutes(quiz, language),
            quiz.QuestionsPerAttempt,
            quiz.PointsPerAttempt,
            quiz.IsPractice ? null : quiz.Policy.MaxAttempts,
            quiz.Policy.TimeLimitMinutes,
            false),
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };
}
