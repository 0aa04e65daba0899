using Stateless;
using Stateless.Graph;

namespace HiParis.Mooc.Domain.Learning;

public enum EnrollmentState
{
    Enrolled,
    InProgress,
    Completed,
    Withdrawn,
}

public enum EnrollmentTrigger
{
    Begin,
    Complete,
    Withdraw,
    Rejoin,
}

/// <summary>A module of the course as the learner's progress needs it: its key, when it opens, what completes it.</summary>
public sealed record ModulePlan(string Key, DateTimeOffset OpensAt, IReadOnlyList<string> RequiredItemKeys);

/// <summary>
/// A learner's enrolment in one run of a course, with the progress of every module and lesson. It is the
/// unit of consistency for progress: a lesson that completes rolls its module and the course up in the
/// same change.
/// </summary>
public sealed partial class Enrollment
{
    private readonly List<ModuleProgress> _modules = [];
    private readonly List<LessonProgress> _lessons = [];
    private readonly List<ProgressTransition> _transitions = [];
    private StateMachine<EnrollmentState, EnrollmentTrigger>? _machine;
    private Actor _actor;

    private Enrollment()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid CourseId { get; private set; }

    public Guid RunId { get; private set; }

    public EnrollmentState State { get; private set; }

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

    public bool IsActive => State is EnrollmentState.Enrolled or EnrollmentState.InProgress or EnrollmentState.Completed;

    public bool CanWithdraw => Machine.CanFire(EnrollmentTrigger.Withdraw);

    private bool HasProgress => _lessons.Any(lesson => lesson.State != LessonState.NotStarted);

    private StateMachine<EnrollmentState, EnrollmentTrigger> Machine => _machine ??= BuildMachine(() => State, state => State = state);

    public static Enrollment Enroll(Guid userId, Guid courseId, Guid runId, IEnumerable<string> moduleKeys, Actor actor)
    {
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
        foreach (var key in moduleKeys)
        {
            enrollment._modules.Add(ModuleProgress.Create(enrollment.Id, key));
        }

        return enrollment;
    }

    public void Withdraw(Actor actor)
    {
        Fire(EnrollmentTrigger.Withdraw, actor);
        WithdrawnAt = actor.Now;
    }

    /// <summary>Enrolling again after a withdrawal: the progress made before is kept.</summary>
    public void Rejoin(Actor actor)
    {
        Fire(EnrollmentTrigger.Rejoin, actor);
        WithdrawnAt = null;
    }

    /// <summary>Moves the learner's self-paced schedule by a number of days (course staff, with a reason in the audit log).</summary>
    public void ShiftSchedule(int days, Actor actor)
    {
        if (days is < -365 or > 365)
        {
            throw new DomainException("enrollment.shift-out-of-range", "A schedule moves by at most 365 days either way.");
        }

        ScheduleShiftDays += days;
        LastActivityAt = actor.Now;
    }

    /// <summary>Opens the modules whose time has come; the log records each opening.</summary>
    public void OpenDueModules(IReadOnlyList<ModulePlan> plan, Actor actor)
    {
        foreach (var module in plan)
        {
            var progress = ModuleFor(module.Key);
            if (progress.State == ModuleState.Locked && module.OpensAt <= actor.Now)
            {
                progress.Open(this, actor);
            }
        }
    }

    /// <summary>Applies a video heartbeat; returns what it credited. A repeated sequence number changes nothing.</summary>
    public HeartbeatOutcome RecordHeartbeat(
        IReadOnlyList<ModulePlan> plan,
        string moduleKey,
        string itemKey,
        long sequence,
        double playbackRate,
        IReadOnlyList<Segment> segments,
        int durationSeconds,
        decimal completionThreshold,
        Actor actor)
    {
        var lesson = LessonForProgress(plan, moduleKey, itemKey, actor);
        var available = LastHeartbeatAt is { } last
            ? VideoCoverage.Replenish(VideoAllowance, actor.Now - last, playbackRate)
            : VideoAllowance;
        var credited = lesson.ApplyHeartbeat(sequence, segments, durationSeconds, available + VideoCoverage.ToleranceSeconds);
        if (credited is { } applied)
        {
            VideoAllowance = available - applied;
            LastHeartbeatAt = actor.Now;
        }

        if (lesson.State == LessonState.NotStarted && credited > 0)
        {
            lesson.Begin(this, actor);
        }

        if (lesson.State == LessonState.InProgress && lesson.CoveredSeconds >= (double)completionThreshold * durationSeconds)
        {
            lesson.Complete(this, actor);
        }

        RollUp(plan, moduleKey, actor);
        return new HeartbeatOutcome(lesson.CoveredSeconds / durationSeconds, credited ?? 0, lesson.State);
    }

    /// <summary>Marks a reading as read.</summary>
    public LessonState CompleteReading(IReadOnlyList<ModulePlan> plan, string moduleKey, string itemKey, Actor actor)
    {
        var lesson = LessonForProgress(plan, moduleKey, itemKey, actor);
        if (lesson.State == LessonState.NotStarted)
        {
            lesson.Begin(this, actor);
        }

        if (lesson.State == LessonState.InProgress)
        {
            lesson.Complete(this, actor);
        }

        RollUp(plan, moduleKey, actor);
        return lesson.State;
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

    internal void Log(string lifecycle, string subjectKey, string from, string to, string trigger, Actor actor) =>
        _transitions.Add(ProgressTransition.Record(Id, lifecycle, subjectKey, from, to, trigger, actor.Id, actor.Now));

    private LessonProgress LessonForProgress(IReadOnlyList<ModulePlan> plan, string moduleKey, string itemKey, Actor actor)
    {
        if (!IsActive)
        {
            throw new DomainException("enrollment.withdrawn", "You withdrew from this course: enrol again to continue.");
        }

        OpenDueModules(plan, actor);
        LastActivityAt = actor.Now;
        var module = ModuleFor(moduleKey);
        if (module.State == ModuleState.Locked)
        {
            var opensAt = plan.First(candidate => candidate.Key == moduleKey).OpensAt;
            throw new ItemLockedException(itemKey, opensAt);
        }

        var lesson = LessonFor(itemKey);
        if (lesson is null)
        {
            lesson = LessonProgress.Create(Id, itemKey, actor.Now);
            _lessons.Add(lesson);
        }

        if (State == EnrollmentState.Enrolled)
        {
            Fire(EnrollmentTrigger.Begin, actor);
        }

        if (module.State == ModuleState.Available)
        {
            module.Begin(this, actor);
        }

        return lesson;
    }

    private void RollUp(IReadOnlyList<ModulePlan> plan, string moduleKey, Actor actor)
    {
        var module = ModuleFor(moduleKey);
        var required = plan.First(candidate => candidate.Key == moduleKey).RequiredItemKeys;
        if (module.State == ModuleState.InProgress && required.All(key => LessonFor(key)?.State == LessonState.Completed))
        {
            module.Complete(this, actor);
        }

        if (State == EnrollmentState.InProgress && plan.All(candidate => ModuleFor(candidate.Key).State == ModuleState.Completed))
        {
            Fire(EnrollmentTrigger.Complete, actor);
            CompletedAt = actor.Now;
        }
    }

    private void Fire(EnrollmentTrigger trigger, Actor actor)
    {
        _actor = actor;
        Machine.Fire(trigger);
    }

    private StateMachine<EnrollmentState, EnrollmentTrigger> BuildMachine(Func<EnrollmentState> read, Action<EnrollmentState> write)
    {
        var machine = Lifecycle.Create<EnrollmentState, EnrollmentTrigger>("enrollment", read, write, (from, to, trigger) => Log("enrollment", "", from, to, trigger, _actor));
        machine.Configure(EnrollmentState.Enrolled)
            .Permit(EnrollmentTrigger.Begin, EnrollmentState.InProgress)
            .Permit(EnrollmentTrigger.Withdraw, EnrollmentState.Withdrawn);
        machine.Configure(EnrollmentState.InProgress)
            .Permit(EnrollmentTrigger.Complete, EnrollmentState.Completed)
            .Permit(EnrollmentTrigger.Withdraw, EnrollmentState.Withdrawn);
        machine.Configure(EnrollmentState.Completed);
        machine.Configure(EnrollmentState.Withdrawn)
            .PermitIf(EnrollmentTrigger.Rejoin, EnrollmentState.Enrolled, () => !HasProgress, "no progress yet")
            .PermitIf(EnrollmentTrigger.Rejoin, EnrollmentState.InProgress, () => HasProgress, "progress kept from before");
        return machine;
    }

    /// <summary>The workflow as a Mermaid state diagram (docs/state-machines/enrollment.md).</summary>
    public static string Diagram()
    {
        var sample = new Enrollment();
        return MermaidGraph.Format(sample.Machine.GetInfo());
    }
}

public sealed record HeartbeatOutcome(double Coverage, double CreditedSeconds, LessonState State);

/// <summary>Progress on an item whose module has not opened yet.</summary>
public sealed class ItemLockedException(string itemKey, DateTimeOffset opensAt)
    : DomainException("progress.item-locked", $"'{itemKey}' opens at {opensAt:u}.")
{
    public DateTimeOffset OpensAt { get; } = opensAt;
}
