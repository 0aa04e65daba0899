namespace HiParis.Mooc.Domain.Learning;

public enum LessonState
{
    NotStarted,
    InProgress,
    Completed,
}

public enum LessonTrigger
{
    Begin,
    Complete,
}

/// <summary>
/// A learner's progress in one item (video lesson or reading). For a video it keeps the watched
/// segments, the credit allowance (see <see cref="VideoCoverage"/>) and the last heartbeat's sequence.
/// </summary>
public sealed class LessonProgress
{
    private Lifecycle<LessonState, LessonTrigger, ProgressChange>? _lifecycle;

    private LessonProgress()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnrollmentId { get; private set; }

    public string ItemKey { get; private set; } = "";

    public LessonState State { get; private set; }

    /// <summary>Watched segments, flattened: start, end, start, end… sorted and disjoint.</summary>
    public double[] Watched { get; private set; } = [];

    public double CoveredSeconds { get; private set; }

    /// <summary>
    /// The sequence numbers of the latest heartbeats. Two devices number their own heartbeats and the
    /// network reorders them, so only a number seen before is a repeat; an older replay beyond this
    /// window is harmless anyway, as watched seconds are credited once.
    /// </summary>
    public long[] RecentSequences { get; private set; } = [];

    public const int SequenceWindow = 64;

    /// <summary>More disjoint pieces than honest watching ever leaves: a bound on the row's size and the merge's cost.</summary>
    public const int MaxStoredSegments = 1000;

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public IReadOnlyList<Segment> Segments =>
        [.. Enumerable.Range(0, Watched.Length / 2).Select(i => new Segment(Watched[2 * i], Watched[(2 * i) + 1]))];

    private Lifecycle<LessonState, LessonTrigger, ProgressChange> Lifecycle => _lifecycle ??= BuildLifecycle();

    internal static LessonProgress Create(Guid enrollmentId, string itemKey, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        EnrollmentId = enrollmentId,
        ItemKey = itemKey,
        State = LessonState.NotStarted,
        StartedAt = now,
    };

    /// <summary>
    /// Adds the heartbeat's segments, crediting at most <paramref name="allowance"/> new seconds;
    /// returns what it credited, or null for a sequence already seen (then nothing changes).
    /// </summary>
    internal double? ApplyHeartbeat(long sequence, IReadOnlyList<Segment> segments, int durationSeconds, double allowance)
    {
        if (RecentSequences.Contains(sequence))
        {
            return null;
        }

        var (watched, credited) = VideoCoverage.Add(Segments, segments, durationSeconds, allowance);
        if (watched.Count > MaxStoredSegments)
        {
            throw new DomainException("progress.too-fragmented", $"A lesson keeps at most {MaxStoredSegments} separate watched segments; send merged segments.");
        }

        Watched = [.. watched.SelectMany(segment => new[] { segment.Start, segment.End })];
        CoveredSeconds = VideoCoverage.Covered(watched);
        RecentSequences = [.. RecentSequences.TakeLast(SequenceWindow - 1), sequence];
        return credited;
    }

    internal void Begin(Enrollment owner, Actor actor) => Lifecycle.Fire(LessonTrigger.Begin, new ProgressChange(owner, actor));

    internal void Complete(Enrollment owner, Actor actor)
    {
        Lifecycle.Fire(LessonTrigger.Complete, new ProgressChange(owner, actor));
        CompletedAt = actor.Now;
        owner.Reached(new ItemCompleted(ItemKey));
    }

    private Lifecycle<LessonState, LessonTrigger, ProgressChange> BuildLifecycle()
    {
        var lifecycle = new Lifecycle<LessonState, LessonTrigger, ProgressChange>("lesson", () => State, state => State = state, (from, to, trigger, change) => change.Owner.Log("lesson", ItemKey, from, to, trigger, change.Actor));
        lifecycle.Configure(LessonState.NotStarted).Permit(LessonTrigger.Begin, LessonState.InProgress);
        lifecycle.Configure(LessonState.InProgress).Permit(LessonTrigger.Complete, LessonState.Completed);
        lifecycle.Configure(LessonState.Completed);
        return lifecycle;
    }

    /// <summary>The workflow as a Mermaid state diagram (docs/state-machines/lesson-progress.md).</summary>
    public static string Diagram() => new LessonProgress().Lifecycle.Diagram();
}
