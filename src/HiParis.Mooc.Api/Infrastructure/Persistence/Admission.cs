using System.Threading.RateLimiting;

namespace HiParis.Mooc.Api.Infrastructure.Persistence;

/// <summary>
/// How many units of work run at once on this instance (ADR 43). A burst larger than the connection pool
/// waits here, in the order it came, holding nothing: without it every request of the burst started its work,
/// and each statement queued for a pooled connection behind the whole burst, so requests half done failed
/// after the pool's 5 s timeout. <c>Admission:ConcurrentUnits</c> (default: the pool's size less an eighth,
/// left to the reads before a unit starts, health checks and background work), <c>Admission:QueueLimit</c>
/// (default 10,000) and <c>Admission:MaxWaitSeconds</c> (default 30); past either bound a request is refused
/// with <see cref="ServiceBusyException"/> before it has changed anything.
/// </summary>
public sealed class Admission : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    public Admission(int concurrentUnits, int queueLimit, TimeSpan maxWait)
    {
        ConcurrentUnits = concurrentUnits;
        MaxWait = maxWait;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = concurrentUnits,
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int ConcurrentUnits { get; }

    public TimeSpan MaxWait { get; }

    public static Admission From(IConfiguration configuration, int poolSize) => new(
        configuration.GetValue("Admission:ConcurrentUnits", DefaultUnits(poolSize)),
        configuration.GetValue("Admission:QueueLimit", 10_000),
        TimeSpan.FromSeconds(configuration.GetValue("Admission:MaxWaitSeconds", 30.0)));

    /// <summary>The pool's size less an eighth, at least one.</summary>
    private static int DefaultUnits(int poolSize) => Math.Max(1, poolSize - (poolSize / 8));

    /// <summary>
    /// Waits for a turn; the lease ends it. Throws <see cref="ServiceBusyException"/> when the queue is full or
    /// the wait passed <see cref="MaxWait"/>, and <see cref="OperationCanceledException"/> when the caller gave up.
    /// </summary>
    public async ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(MaxWait);
        try
        {
            lease = await _limiter.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceBusyException(MaxWait);
        }

        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new ServiceBusyException(MaxWait);
        }

        return lease;
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>The instance has more work queued than it takes: nothing of the request was done; try again later (503).</summary>
public sealed class ServiceBusyException(TimeSpan wait)
    : Exception("The service has more requests waiting than it takes; nothing was done.")
{
    /// <summary>How long to wait before trying again: the longest a request waits here.</summary>
    public int RetryAfterSeconds { get; } = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
