using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning.Progress;

/// <summary>Whose enrolment, in which published version of the course, loaded for which module's videos.</summary>
public readonly record struct WatchingKey(Guid UserId, Guid VersionId, string ModuleKey);

/// <summary>An enrolment as its last heartbeat left it, its schedule, and the row version (xmin) that this heartbeat wrote.</summary>
public sealed record Watching(Enrollment Enrollment, CourseSchedule Schedule, uint RowVersion);

/// <summary>
/// Each watching learner's enrolment, with the progress of the module they watch, as the last heartbeat on this
/// instance left it (ADR 30): the next heartbeat starts from it instead of loading it, and its write names the
/// row version it started from.
/// </summary>
public sealed class WatchingCache() : KeptEnrollments<WatchingKey, Watching>(MaxBytes)
{
    internal const long MaxBytes = 64L * 1024 * 1024;

    public void Keep(WatchingKey key, Watching watching) => Keep(key, watching, SizeOf(watching.Enrollment));

    /// <summary>A rough size in bytes: the objects, and the arrays that grow with watching.</summary>
    private static long SizeOf(Enrollment enrollment) =>
        1024 + (256 * enrollment.Modules.Count) + enrollment.Lessons.Sum(lesson => 512 + (8L * (lesson.Watched.Length + lesson.RecentSequences.Length)));
}
