using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>A published course with its runs, as progress needs it.</summary>
public sealed record CourseContext(Guid CourseId, Guid VersionId, int VersionNumber, CoursePackage Package, IReadOnlyList<CourseRun> Runs)
{
    public static async Task<CourseContext?> LoadAsync(CourseCatalog catalog, string slug, CancellationToken cancellationToken)
    {
        if (await catalog.PublishedWithRunsAsync(slug, cancellationToken) is not var (published, runs))
        {
            return null;
        }

        return new CourseContext(published.CourseId, published.VersionId, published.VersionNumber, published.Package, runs);
    }

    public CourseRunSpec? RunSpec(Guid runId) =>
        Runs.FirstOrDefault(run => run.Id == runId) is { } run ? Package.Runs.FirstOrDefault(spec => spec.Key == run.Key) : null;

    /// <summary>
    /// When each module opens for this enrolment (instructor runs: the run's dates; self-paced runs:
    /// (week − 1) × 7 days after enrolling) and which items complete it: every item, a quiz counting once
    /// passed or once its attempts are used.
    /// </summary>
    public IReadOnlyList<ModulePlan> Plan(Enrollment enrollment)
    {
        var run = RunSpec(enrollment.RunId);
        return [.. Package.Modules.Select((module, index) =>
        {
            var week = module.UnlockWeek ?? index + 1;
            var opensAt = run is { Pacing: Pacing.Instructor, ModuleOpens: { } opens } && opens.TryGetValue(module.Key, out var at)
                ? at
                : enrollment.EnrolledAt.AddDays(((week - 1) * 7) + enrollment.ScheduleShiftDays);
            return new ModulePlan(module.Key, opensAt, [.. module.Items.Select(item => item.Key)]);
        })];
    }

    public (ModuleSpec Module, ItemSpec Item)? FindItem(string itemKey)
    {
        foreach (var module in Package.Modules)
        {
            if (module.Items.FirstOrDefault(item => item.Key == itemKey) is { } item)
            {
                return (module, item);
            }
        }

        return null;
    }
}
