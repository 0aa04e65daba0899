namespace HiParis.Mooc.Domain.Learning;

public readonly record struct Segment(double Start, double End)
{
    public double Length => End - Start;
}

/// <summary>
/// What a learner has really watched of a video: the union of the watched segments, credited no
/// faster than the wall clock allows. Seeking to the end, or claiming the whole video at once,
/// earns only the allowance; honest heartbeats earn what they report.
/// </summary>
public static class VideoCoverage
{
    /// <summary>The allowance before any heartbeat: with the tolerance, a first heartbeat may bring 15 s.</summary>
    public const double InitialAllowanceSeconds = 10;

    /// <summary>
    /// Slack for network jitter and timer drift. It may be borrowed (the allowance goes below zero) but
    /// is paid back from the next heartbeats, so a burst of heartbeats earns no more than one.
    /// </summary>
    public const double ToleranceSeconds = 5;

    /// <summary>Unused allowance does not pile up beyond this: pausing an hour earns nothing extra.</summary>
    public const double MaxCarrySeconds = 120;

    public const double MaxPlaybackRate = 2;

    /// <summary>Seconds covered by a sorted, disjoint list of segments.</summary>
    public static double Covered(IReadOnlyList<Segment> segments) => segments.Sum(segment => segment.Length);

    /// <summary>
    /// Adds <paramref name="claimed"/> to <paramref name="watched"/> (sorted and disjoint), clamped to the
    /// duration, crediting at most <paramref name="allowance"/> new seconds, earliest first.
    /// </summary>
    public static (List<Segment> Watched, double Credited) Add(IReadOnlyList<Segment> watched, IEnumerable<Segment> claimed, double duration, double allowance)
    {
        var budget = Math.Max(0, allowance);
        var credited = 0.0;
        var result = watched.ToList();
        foreach (var raw in claimed.OrderBy(segment => segment.Start))
        {
            var segment = new Segment(Math.Clamp(raw.Start, 0, duration), Math.Clamp(raw.End, 0, duration));
            if (segment.Length <= 0 || double.IsNaN(segment.Length))
            {
                continue;
            }

            foreach (var gap in Uncovered(result, segment))
            {
                var take = Math.Min(gap.Length, budget - credited);
                if (take <= 0)
                {
                    break;
                }

                result = Merge(result, new Segment(gap.Start, gap.Start + take));
                credited += take;
            }
        }

        return (result, credited);
    }

    /// <summary>The allowance after <paramref name="elapsed"/> of wall time at <paramref name="playbackRate"/> (at most 2×).</summary>
    public static double Replenish(double allowance, TimeSpan elapsed, double playbackRate) =>
        Math.Min(MaxCarrySeconds, allowance + (Math.Max(0, elapsed.TotalSeconds) * Math.Clamp(playbackRate, 0, MaxPlaybackRate)));

    /// <summary>Where to resume: the start of the first part not watched yet.</summary>
    public static double ResumePosition(IReadOnlyList<Segment> watched) =>
        watched.Count > 0 && watched[0].Start <= 0.5 ? watched[0].End : 0;

    private static IEnumerable<Segment> Uncovered(List<Segment> watched, Segment segment)
    {
        var cursor = segment.Start;
        foreach (var covered in watched.Where(covered => covered.End > segment.Start && covered.Start < segment.End))
        {
            if (covered.Start > cursor)
            {
                yield return new Segment(cursor, covered.Start);
            }

            cursor = Math.Max(cursor, covered.End);
        }

        if (cursor < segment.End)
        {
            yield return new Segment(cursor, segment.End);
        }
    }

    private static List<Segment> Merge(List<Segment> watched, Segment added)
    {
        List<Segment> merged = [];
        var current = added;
        foreach (var segment in watched)
        {
            if (segment.End < current.Start || segment.Start > current.End)
            {
                merged.Add(segment);
            }
            else
            {
                current = new Segment(Math.Min(segment.Start, current.Start), Math.Max(segment.End, current.End));
            }
        }

        merged.Add(current);
        merged.Sort((a, b) => a.Start.CompareTo(b.Start));
        return merged;
    }
}
