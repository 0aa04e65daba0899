using HiParis.Mooc.Domain.Learning;
using Microsoft.Extensions.Caching.Memory;

namespace HiParis.Mooc.Api.Features.Learning.Progress;

/// <summary>Whose enrolment, in which published version of the course, loaded for which module's videos.</summary>
public readonly record struct WatchingKey(Guid UserId, Guid VersionId, string ModuleKey);

/// <summary>An enrolment as its last heartbeat left it, its schedule, and the row version (xmin) that this heartbeat wrote.</summary>
public sealed record Watching(Enrollment Enrollment, CourseSchedule Schedule, uint RowVersion);

/// <summary>
/// Each watching learner's enrolment, with the progress of the module they watch, as the last heartbeat on this
/// instance left it (ADR 30): the next heartbeat starts from it instead of loading it. It is never trusted: the
/// heartbeat's write names the row version it started from, and every change of an enrolment's progress, on
/// any instance, writes the enrolment's row (<see cref="ProgressWork"/>); so a stale entry fails that write
/// and the heartbeat loads the enrolment. An entry is taken, not read: two requests never share one.
/// Per instance, bounded in bytes, dropped after 10 minutes without use.
/// </summary>
public sealed class WatchingCache : IDisposable
{
    internal const long MaxBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _kept = new(new MemoryCacheOptions { SizeLimit = MaxBytes });

    /// <summary>The enrolment kept for <paramref name="key"/>, now the caller's alone; null when none is.</summary>
    public Watching? Take(WatchingKey key) =>
        _kept.TryGetValue(key, out Slot? slot) ? Interlocked.Exchange(ref slot!.Watching, null) : null;

    public void Keep(WatchingKey key, Watching watching) =>
        _kept.Set(key, new Slot { Watching = watching }, new MemoryCacheEntryOptions { Size = SizeOf(watching.Enrollment), SlidingExpiration = Idle });

    public void Dispose() => _kept.Dispose();

    /// <summary>A rough size in bytes: the objects, and the arrays that grow with watching.</summary>
    private static long SizeOf(Enrollment enrollment) =>
        1024 + (256 * enrollment.Modules.Count) + enrollment.Lessons.Sum(lesson => 512 + (8L * (lesson.Watched.Length + lesson.RecentSequences.Length)));

    private sealed class Slot
    {
        public Watching? Watching;
    }
}
