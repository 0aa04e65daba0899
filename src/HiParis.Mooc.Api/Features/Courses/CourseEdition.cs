using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Courses;

/// <summary>A course as learners see it now: its published version's content and its runs.</summary>
public sealed record CourseEdition(Guid CourseId, Guid VersionId, int VersionNumber, CoursePackage Package, IReadOnlyList<CourseRun> Runs)
{
    public string Slug => Package.Slug;

    /// <summary>A run learners may join (not archived) by its key, with its definition; null when there is none.</summary>
    public (CourseRun Run, CourseRunSpec Spec)? OpenRun(string key) =>
        Runs.FirstOrDefault(run => run.Key == key && !run.Archived) is { } run && RunSpec(run.Id) is { } spec ? (run, spec) : null;

    public CourseRunSpec? RunSpec(Guid runId) =>
        Runs.FirstOrDefault(run => run.Id == runId) is { } run ? Package.Runs.FirstOrDefault(spec => spec.Key == run.Key) : null;

    public string RunKey(Guid runId) => Runs.First(run => run.Id == runId).Key;

    /// <summary>When each module opens for this enrolment, and what completes it.</summary>
    public CourseSchedule ScheduleFor(Enrollment enrollment) => CourseSchedule.For(Package, RunSpec(enrollment.RunId), enrollment);
}
