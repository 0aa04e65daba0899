using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Domain.Learning;

/// <summary>Progress: modules that open, videos watched, readings read, where a learner continues.</summary>
public sealed partial class Enrollment
{
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
}
