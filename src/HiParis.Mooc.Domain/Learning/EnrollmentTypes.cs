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
