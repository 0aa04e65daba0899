using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Domain.Learning;

/// <summary>A module of one learner's schedule: its week, when it opens, and the items that complete it.</summary>
public sealed record ScheduledModule(ModuleSpec Spec, int Week, DateTimeOffset OpensAt)
{
    public string Key => Spec.Key;

    /// <summary>Every item of the module completes it (a quiz counts once passed or once its attempts are used).</summary>
    public IEnumerable<string> RequiredItemKeys => Spec.Items.Select(item => item.Key);

    public bool IsOpenAt(DateTimeOffset now) => OpensAt <= now;
}

/// <summary>
/// When each week of a course opens for one enrolment, built from the course, the run and the enrolment:
/// an instructor-paced run opens its modules at the run's dates; a self-paced run opens module N
/// (N − 1) × 7 days after the learner joined the run, moved by any shift course staff granted.
/// </summary>
public sealed class CourseSchedule
{
    private readonly Dictionary<string, (ScheduledModule Module, ItemSpec Item)> _items = new(StringComparer.Ordinal);

    private CourseSchedule(CoursePackage course, IReadOnlyList<ScheduledModule> modules)
    {
        Course = course;
        Modules = modules;
        foreach (var module in modules)
        {
            foreach (var item in module.Spec.Items)
            {
                _items[item.Key] = (module, item);
            }
        }
    }

    public CoursePackage Course { get; }

    public IReadOnlyList<ScheduledModule> Modules { get; }

    public decimal VideoCompletionThreshold => Course.EffectiveVideoCompletionThreshold;

    public static CourseSchedule For(CoursePackage course, CourseRunSpec? run, DateTimeOffset joinedAt, int shiftDays) =>
        new(course, [.. course.Modules.Select((module, index) =>
        {
            var week = module.UnlockWeek ?? index + 1;
            var opensAt = run is { Pacing: Pacing.Instructor, ModuleOpens: { } opens } && opens.TryGetValue(module.Key, out var at)
                ? at
                : joinedAt.AddDays(((week - 1) * 7) + shiftDays);
            return new ScheduledModule(module, week, opensAt);
        })]);

    public static CourseSchedule For(CoursePackage course, CourseRunSpec? run, Enrollment enrollment) =>
        For(course, run, enrollment.EnrolledAt, enrollment.ScheduleShiftDays);

    /// <summary>When the next of these weeks opens after <paramref name="now"/>; null when every week is open.</summary>
    public DateTimeOffset? NextOpeningAfter(DateTimeOffset now) =>
        Modules.Where(module => module.OpensAt > now).Select(module => (DateTimeOffset?)module.OpensAt).Min();

    /// <summary>An item of the course with its module; null when the course has no such item.</summary>
    public (ScheduledModule Module, ItemSpec Item)? Find(string itemKey) =>
        _items.TryGetValue(itemKey, out var found) ? found : null;

    public ScheduledModule Module(string moduleKey) => Modules.First(module => module.Key == moduleKey);
}
