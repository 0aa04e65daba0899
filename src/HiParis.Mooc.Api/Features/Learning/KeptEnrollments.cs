using Microsoft.Extensions.Caching.Memory;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>
/// Enrolments as a learner's last request on this instance left them, for the next request of the same kind
/// to start from instead of loading them (ADR 30, ADR 32). An entry is never trusted: the request that starts
/// from it writes the enrolment's row naming the row version the entry was kept at, and every change of an
/// enrolment's progress, on any instance, writes that row (<see cref="ProgressWork"/>); so a stale entry fails
/// that write and the request runs again on a fresh load. An entry is taken, not read: two requests never
/// share one. Per instance, bounded in bytes, dropped after 10 minutes without use.
/// </summary>
public abstract class KeptEnrollments<TKey, TValue>(long maxBytes) : IDisposable
    where TKey : notnull
    where TValue : class
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _kept = new(new MemoryCacheOptions { SizeLimit = maxBytes });

    /// <summary>The value kept for <paramref name="key"/>, now the caller's alone; null when none is.</summary>
    public TValue? Take(TKey key) =>
        _kept.TryGetValue(key, out Slot? slot) ? Interlocked.Exchange(ref slot!.Value, null) : null;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected void Keep(TKey key, TValue value, long size) =>
        _kept.Set(key, new Slot { Value = value }, new MemoryCacheEntryOptions { Size = size, SlidingExpiration = Idle });

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kept.Dispose();
        }
    }

    private sealed class Slot
    {
        public TValue? Value;
    }
}
