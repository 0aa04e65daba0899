namespace HiParis.Mooc.Domain.Learning;

/// <summary>
/// Something an enrolment reached in a change, for whoever must react in the same unit of work (the
/// certificate rule is checked when one is reported): typed, so no one reads transition names.
/// </summary>
public abstract record ProgressMilestone;

/// <summary>An item (video, reading, quiz) of the course was completed.</summary>
public sealed record ItemCompleted(string ItemKey) : ProgressMilestone;

/// <summary>Every item of a module was completed.</summary>
public sealed record ModuleCompleted(string ModuleKey) : ProgressMilestone;

/// <summary>Every module of the course was completed.</summary>
public sealed record CourseCompleted : ProgressMilestone;

/// <summary>An attempt at a quiz was graded: the quiz's grade and the course grade moved.</summary>
public sealed record AttemptGraded(string QuizKey) : ProgressMilestone;

/// <summary>A video heartbeat: the client's sequence number, its playback rate, the segments it played, the language of the video.</summary>
public sealed record Heartbeat(long Sequence, double PlaybackRate, IReadOnlyList<Segment> Segments, string? Language = null);

/// <summary>What a learner sees of an item: not open yet, open, begun, done.</summary>
public enum ItemStatus
{
    Locked,
    Available,
    InProgress,
    Completed,
}
