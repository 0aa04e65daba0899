using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Domain.Learning;

/// <summary>
/// A learner's enrolment in a course, in one of its runs, with the progress of every module and lesson,
/// the quiz attempts and the grades. A learner has one enrolment per course: joining another run moves
/// it there with everything it holds (ADR 18). It is the unit of consistency for progress: a lesson that
/// completes rolls its module and the course up in the same change.
/// </summary>
public sealed partial class Enrollment
{
    private readonly List<ModuleProgress> _modules = [];
    private readonly List<LessonProgress> _lessons = [];
    private readonly List<ProgressTransition> _transitions = [];
    private readonly List<ProgressMilestone> _milestones = [];
    private Lifecycle<EnrollmentState, EnrollmentTrigger, Actor>? _lifecycle;

    private Enrollment()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid CourseId { get; private set; }

    public Guid RunId { get; private set; }

    public EnrollmentState State { get; private set; }

    /// <summary>When the learner joined the current run (a self-paced schedule counts its weeks from here).</summary>
    public DateTimeOffset EnrolledAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    /// <summary>
    /// When progress was last recorded. Every progress change writes this row, so two changes of one
    /// enrolment always race on its version: neither can miss the other's completion in a roll-up.
    /// </summary>
    public DateTimeOffset? LastActivityAt { get; private set; }

    /// <summary>Seconds of video the learner may still be credited (see <see cref="VideoCoverage"/>): one allowance for all lessons, so playing several videos at once earns no more than one.</summary>
    public double VideoAllowance { get; private set; } = VideoCoverage.InitialAllowanceSeconds;

    public DateTimeOffset? LastHeartbeatAt { get; private set; }

    /// <summary>Days by which course staff moved this learner's self-paced schedule (negative: weeks open earlier).</summary>
    public int ScheduleShiftDays { get; private set; }

    public IReadOnlyCollection<ModuleProgress> Modules => _modules;

    public IReadOnlyCollection<LessonProgress> Lessons => _lessons;

    /// <summary>Transitions recorded by this instance (the log itself is not loaded with the enrolment).</summary>
    public IReadOnlyCollection<ProgressTransition> Transitions => _transitions;

    /// <summary>What this instance's changes reached, in order, until they are saved.</summary>
    public IReadOnlyList<ProgressMilestone> Milestones => _milestones;

    public bool IsActive => State is EnrollmentState.Enrolled or EnrollmentState.InProgress or EnrollmentState.Completed;

    public bool CanWithdraw => Lifecycle.CanFire(EnrollmentTrigger.Withdraw);

    private bool HasProgress => _lessons.Any(lesson => lesson.State != LessonState.NotStarted);

    private Lifecycle<EnrollmentState, EnrollmentTrigger, Actor> Lifecycle => _lifecycle ??= BuildLifecycle();

    /// <summary>Enrols a learner in a run of a course, inside the run's enrolment window.</summary>
    public static Enrollment Enroll(Guid userId, Guid courseId, Guid runId, CourseRunSpec run, CoursePackage course, Actor actor)
    {
        EnsureEnrollmentOpen(run, actor.Now);
        var enrollment = new Enrollment
        {
            Id = Guid.CreateVersion7(actor.Now),
            UserId = userId,
            CourseId = courseId,
            RunId = runId,
            State = EnrollmentState.Enrolled,
            EnrolledAt = actor.Now,
        };
        enrollment._transitions.Add(ProgressTransition.Record(enrollment.Id, "enrollment", "", "None", nameof(EnrollmentState.Enrolled), "Enroll", actor.Id, actor.Now));
        foreach (var module in course.Modules)
        {
            enrollment._modules.Add(ModuleProgress.Create(enrollment.Id, module.Key));
        }

        return enrollment;
    }

    /// <summary>
    /// The learner asks to be in <paramref name="run"/> again: nothing to do when they are (returns false);
    /// after a withdrawal they rejoin with the progress made before; from another run of the course they
    /// move, with their progress, attempts and grades (ADR 18). Either needs the run's window open.
    /// </summary>
    public bool Join(Guid runId, CourseRunSpec run, Actor actor)
    {
        if (runId == RunId && IsActive)
        {
            return false;
        }

        EnsureEnrollmentOpen(run, actor.Now);
        if (runId != RunId)
        {
            Log("enrollment", "", State.ToString(), State.ToString(), $"MoveToRun:{run.Key}", actor);
            RunId = runId;
            EnrolledAt = actor.Now;
            ScheduleShiftDays = 0;
        }

        if (State == EnrollmentState.Withdrawn)
        {
            Lifecycle.Fire(EnrollmentTrigger.Rejoin, actor);
            WithdrawnAt = null;
        }

        return true;
    }

    public void Withdraw(Actor actor)
    {
        Lifecycle.Fire(EnrollmentTrigger.Withdraw, actor);
        WithdrawnAt = actor.Now;
    }

    /// <summary>Moves the learner's self-paced schedule by a number of days (course staff, with a reason in the audit log).</summary>
    public void ShiftSchedule(int days, CourseRunSpec? run, Actor actor)
    {
        if (run?.Pacing != Pacing.Self)
        {
            throw new DomainException("enrollment.not-self-paced", "Only a self-paced schedule can move: an instructor-paced run opens its weeks on the run's dates.");
        }

        if (days is < -365 or > 365)
        {
            throw new DomainException("enrollment.shift-out-of-range", "A schedule moves by at most 365 days either way.");
        }

        ScheduleShiftDays += days;
        LastActivityAt = actor.Now;
    }

    public ModuleProgress ModuleFor(string moduleKey)
    {
        var module = _modules.FirstOrDefault(module => module.ModuleKey == moduleKey);
        if (module is null)
        {
            // A module added by a newer version of the course.
            module = ModuleProgress.Create(Id, moduleKey);
            _modules.Add(module);
        }

        return module;
    }

    public LessonProgress? LessonFor(string itemKey) => _lessons.FirstOrDefault(lesson => lesson.ItemKey == itemKey);

    /// <summary>Forgets the milestones once whoever reacts to them has (the unit of work saves right after).</summary>
    public void ClearMilestones() => _milestones.Clear();

    /// <summary>
    /// Forgets the transitions this instance recorded, which are in the log once saved: for an enrolment kept for a
    /// later unit of work, before that work takes it, so that it carries only what that work records. Never while a
    /// unit of work that tracks them may still save (it would delete them from the log).
    /// </summary>
    public void ForgetRecordedTransitions() => _transitions.Clear();

    internal void Log(string lifecycle, string subjectKey, string from, string to, string trigger, Actor actor) =>
        _transitions.Add(ProgressTransition.Record(Id, lifecycle, subjectKey, from, to, trigger, actor.Id, actor.Now));

    internal void Reached(ProgressMilestone milestone) => _milestones.Add(milestone);

    private static void EnsureEnrollmentOpen(CourseRunSpec run, DateTimeOffset now)
    {
        if (!run.IsEnrollmentOpen(now))
        {
            throw new EnrollmentClosedException(run);
        }
    }

    private Lifecycle<EnrollmentState, EnrollmentTrigger, Actor> BuildLifecycle()
    {
        var lifecycle = new Lifecycle<EnrollmentState, EnrollmentTrigger, Actor>("enrollment", () => State, state => State = state, (from, to, trigger, actor) => Log("enrollment", "", from, to, trigger, actor));
        lifecycle.Configure(EnrollmentState.Enrolled)
            .Permit(EnrollmentTrigger.Begin, EnrollmentState.InProgress)
            .Permit(EnrollmentTrigger.Withdraw, EnrollmentState.Withdrawn);
        lifecycle.Configure(EnrollmentState.InProgress)
            .Permit(EnrollmentTrigger.Complete, EnrollmentState.Completed)
            .Permit(EnrollmentTrigger.Withdraw, EnrollmentState.Withdrawn);
        lifecycle.Configure(EnrollmentState.Completed);
        lifecycle.Configure(EnrollmentState.Withdrawn)
            .PermitIf(EnrollmentTrigger.Rejoin, EnrollmentState.Enrolled, () => !HasProgress, "no progress yet")
            .PermitIf(EnrollmentTrigger.Rejoin, EnrollmentState.InProgress, () => HasProgress, "progress kept from before");
        return lifecycle;
    }

    /// <summary>The workflow as a Mermaid state diagram (docs/state-machines/enrollment.md).</summary>
    public static string Diagram() => new Enrollment().Lifecycle.Diagram();
}
