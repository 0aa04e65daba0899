using HiParis.Mooc.Domain.Courses;

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

    /// <summary>Opens the modules whose time has come; the log records each opening.</summary>
    public void OpenDueModules(CourseSchedule schedule, Actor actor)
    {
        foreach (var module in schedule.Modules)
        {
            var progress = ModuleFor(module.Key);
            if (progress.State == ModuleState.Locked && module.IsOpenAt(actor.Now))
            {
                progress.Open(this, actor);
            }
        }
    }

    /// <summary>Applies a video heartbeat; returns what it credited. A repeated sequence number changes nothing.</summary>
    public HeartbeatOutcome RecordHeartbeat(CourseSchedule schedule, string lessonKey, Heartbeat heartbeat, Actor actor)
    {
        if (schedule.Find(lessonKey) is not (var module, VideoLessonSpec video))
        {
            throw new DomainException("progress.not-a-video", $"'{lessonKey}' is not a video lesson of this course.");
        }

        // Each language's video has its own timings: coverage is counted on the one being watched.
        var duration = heartbeat.Language is { } language && video.Sources.Any(source => source.Language == language) ? video.DurationIn(language) : video.DurationSeconds;
        var lesson = LessonForProgress(schedule, module, lessonKey, actor);
        var available = LastHeartbeatAt is { } last
            ? VideoCoverage.Replenish(VideoAllowance, actor.Now - last, heartbeat.PlaybackRate)
            : VideoAllowance;
        var credited = lesson.ApplyHeartbeat(heartbeat.Sequence, heartbeat.Segments, duration, available + VideoCoverage.ToleranceSeconds);
        if (credited is { } applied)
        {
            VideoAllowance = available - applied;
            LastHeartbeatAt = actor.Now;
        }

        if (lesson.State == LessonState.NotStarted && credited > 0)
        {
            lesson.Begin(this, actor);
        }

        if (lesson.State == LessonState.InProgress && lesson.CoveredSeconds >= (double)schedule.VideoCompletionThreshold * duration)
        {
            lesson.Complete(this, actor);
        }

        RollUp(schedule, module, actor);
        return new HeartbeatOutcome(lesson.CoveredSeconds / duration, credited ?? 0, lesson.State);
    }

    /// <summary>Marks a reading as read; a video completes by being watched, a quiz by being submitted.</summary>
    public LessonState CompleteReading(CourseSchedule schedule, string itemKey, Actor actor)
    {
        if (schedule.Find(itemKey) is not (var module, var item))
        {
            throw new DomainException("progress.unknown-item", $"This course has no item '{itemKey}'.");
        }

        if (item is not ReadingSpec)
        {
            throw new DomainException("progress.not-a-reading", "Only readings are completed by hand: a video completes when enough of it is watched, a quiz when it is submitted.");
        }

        var lesson = LessonForProgress(schedule, module, itemKey, actor);
        if (lesson.State == LessonState.NotStarted)
        {
            lesson.Begin(this, actor);
        }

        if (lesson.State == LessonState.InProgress)
        {
            lesson.Complete(this, actor);
        }

        RollUp(schedule, module, actor);
        return lesson.State;
    }

    /// <summary>
    /// Whether a module is open for this learner: its time has come, or it opened before (a week once open
    /// stays open, even when the learner moves to a run whose schedule opens it later).
    /// </summary>
    public bool IsOpen(ScheduledModule module, DateTimeOffset now) =>
        module.IsOpenAt(now) || _modules.Any(progress => progress.ModuleKey == module.Key && progress.State != ModuleState.Locked);

    /// <summary>What the learner sees of an item now: locked until its module opens, then their progress in it.</summary>
    public ItemStatus StatusOf(ScheduledModule module, string itemKey, DateTimeOffset now) =>
        !IsOpen(module, now) ? ItemStatus.Locked : LessonFor(itemKey)?.State switch
        {
            LessonState.InProgress => ItemStatus.InProgress,
            LessonState.Completed => ItemStatus.Completed,
            _ => ItemStatus.Available,
        };

    /// <summary>A module's state as the learner sees it: locked until it opens, available once open and not begun.</summary>
    public ModuleState StatusOf(ScheduledModule module, DateTimeOffset now) =>
        !IsOpen(module, now) ? ModuleState.Locked
        : _modules.FirstOrDefault(progress => progress.ModuleKey == module.Key)?.State is { } state and not ModuleState.Locked ? state
        : ModuleState.Available;

    /// <summary>Where to continue: the first item not completed, the position in a video, and when its week opens if it is not open yet.</summary>
    public ResumePoint? Resume(CourseSchedule schedule, DateTimeOffset now)
    {
        foreach (var module in schedule.Modules)
        {
            foreach (var item in module.Spec.Items)
            {
                var lesson = LessonFor(item.Key);
                if (lesson?.State == LessonState.Completed)
                {
                    continue;
                }

                var position = item is VideoLessonSpec && lesson is not null ? VideoCoverage.ResumePosition(lesson.Segments) : 0;
                return new ResumePoint(module, item, position, IsOpen(module, now) ? null : module.OpensAt);
            }
        }

        return null;
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

    private LessonProgress LessonForProgress(CourseSchedule schedule, ScheduledModule scheduled, string itemKey, Actor actor)
    {
        if (!IsActive)
        {
            throw new DomainException("enrollment.withdrawn", "You withdrew from this course: enrol again to continue.");
        }

        OpenDueModules(schedule, actor);
        LastActivityAt = actor.Now;
        var module = ModuleFor(scheduled.Key);
        if (module.State == ModuleState.Locked)
        {
            throw new ItemLockedException(itemKey, scheduled.OpensAt);
        }

        var lesson = LessonFor(itemKey);
        if (lesson is null)
        {
            lesson = LessonProgress.Create(Id, itemKey, actor.Now);
            _lessons.Add(lesson);
        }

        if (State == EnrollmentState.Enrolled)
        {
            Lifecycle.Fire(EnrollmentTrigger.Begin, actor);
        }

        if (module.State == ModuleState.Available)
        {
            module.Begin(this, actor);
        }

        return lesson;
    }

    private void RollUp(CourseSchedule schedule, ScheduledModule scheduled, Actor actor)
    {
        var module = ModuleFor(scheduled.Key);
        if (module.State == ModuleState.InProgress && scheduled.RequiredItemKeys.All(key => LessonFor(key)?.State == LessonState.Completed))
        {
            module.Complete(this, actor);
        }

        if (State == EnrollmentState.InProgress && schedule.Modules.All(candidate => ModuleFor(candidate.Key).State == ModuleState.Completed))
        {
            Lifecycle.Fire(EnrollmentTrigger.Complete, actor);
            CompletedAt = actor.Now;
            Reached(new CourseCompleted());
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

public sealed record HeartbeatOutcome(double Coverage, double CreditedSeconds, LessonState State);

/// <summary>Where a learner continues: an item, the position in its video, and when its week opens when it is not open yet.</summary>
public sealed record ResumePoint(ScheduledModule Module, Courses.ItemSpec Item, double PositionSeconds, DateTimeOffset? OpensAt);

/// <summary>Progress on an item whose module has not opened yet.</summary>
public sealed class ItemLockedException(string itemKey, DateTimeOffset opensAt)
    : DomainException("progress.item-locked", $"'{itemKey}' opens at {opensAt:u}.")
{
    public DateTimeOffset OpensAt { get; } = opensAt;
}

/// <summary>An enrolment outside the run's enrolment window.</summary>
public sealed class EnrollmentClosedException(CourseRunSpec run)
    : DomainException("enrollment.window-closed", $"Enrolment in '{run.Key}' is open from {run.EnrollmentOpens:u} until {run.EnrollmentCloses ?? run.Ends:u}.")
{
    public CourseRunSpec Run { get; } = run;
}
