using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.UnitTests.Learning;

/// <summary>Small courses for unit tests: modules of videos, readings and quizzes, a self-paced run, a schedule.</summary>
internal static class TestCourse
{
    private static Dictionary<string, string> Text(string en) => new() { ["en"] = en, ["fr"] = en };

    public static VideoLessonSpec Video(string key, int duration) => new()
    {
        FileStem = $"01-{key}",
        Key = key,
        Title = Text(key),
        Sources = [new VideoSourceSpec($"test/{key}.webm", duration)],
        Transcripts = [],
        Notes = Text("Notes"),
    };

    public static ReadingSpec Reading(string key) => new() { FileStem = $"02-{key}", Key = key, Title = Text(key), Minutes = 5, Notes = Text("Text") };

    public static ModuleSpec Module(string key, params ItemSpec[] items) =>
        new() { Folder = $"01-{key}", Key = key, Title = Text(key), Summary = Text(key), Items = [.. items] };

    public static CoursePackage Package(GradingPolicy? grading = null, params ModuleSpec[] modules) => new()
    {
        Slug = "test",
        Title = Text("A test course"),
        Summary = Text("For tests"),
        Languages = ["en", "fr"],
        Effort = new Effort(modules.Length, 1),
        Runs = [Run],
        Grading = grading ?? new GradingPolicy(0.6m, []),
        Certificate = new CertificateRule(0.6m),
        Modules = [.. modules],
    };

    /// <summary>A self-paced run open since long ago: module N opens (N − 1) × 7 days after enrolling.</summary>
    public static CourseRunSpec Run { get; } = new()
    {
        Key = "self-paced",
        Title = Text("Self-paced"),
        Pacing = Pacing.Self,
        EnrollmentOpens = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Starts = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    public static Enrollment Enroll(Guid learner, CoursePackage course, DateTimeOffset at) =>
        Enrollment.Enroll(learner, Guid.NewGuid(), Guid.NewGuid(), Run, course, new Actor(learner, at));

    public static CourseSchedule Schedule(CoursePackage course, Enrollment enrollment) => CourseSchedule.For(course, Run, enrollment);
}
