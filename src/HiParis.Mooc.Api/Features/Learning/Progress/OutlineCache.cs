using Microsoft.Extensions.Caching.Memory;

namespace HiParis.Mooc.Api.Features.Learning.Progress;

/// <summary>Whose outline, of which course, in which language.</summary>
public readonly record struct OutlineKey(Guid UserId, string Slug, string Language);

/// <summary>
/// What an outline was made from: the published version of the course, and the learner's current enrolment
/// with its row version (xmin). Every change of an enrolment's progress writes its row in the same transaction
/// (<see cref="ProgressWork"/>), so any change of what the outline shows gives another stamp.
/// </summary>
public readonly record struct OutlineStamp(Guid VersionId, Guid EnrollmentId, uint RowVersion);

/// <summary>
/// Each learner's outline as the JSON the API answered, kept while its stamp is the current one and until the
/// next of its weeks opens (ADR 29). Per instance, bounded in bytes, dropped after 10 minutes without use;
/// a stale entry is never answered, whichever instance made the change: the stamp is read on every request.
/// </summary>
public sealed class OutlineCache(TimeProvider time) : IDisposable
{
    internal const long MaxBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _outlines = new(new MemoryCacheOptions { SizeLimit = MaxBytes });

    /// <summary>The outline kept for <paramref name="key"/> when it was made from <paramref name="stamp"/> and no week opened since.</summary>
    public byte[]? Find(OutlineKey key, OutlineStamp stamp) =>
        _outlines.TryGetValue(key, out Entry? entry) && entry!.Stamp == stamp && time.GetUtcNow() < entry.ValidUntil ? entry.Json : null;

    public void Keep(OutlineKey key, OutlineStamp stamp, DateTimeOffset validUntil, byte[] json) =>
        _outlines.Set(key, new Entry(stamp, validUntil, json), new MemoryCacheEntryOptions { Size = json.Length, SlidingExpiration = Idle });

    public void Dispose() => _outlines.Dispose();

    private sealed record Entry(OutlineStamp Stamp, DateTimeOffset ValidUntil, byte[] Json);
}
