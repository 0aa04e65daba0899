using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HiParis.Mooc.Api.Infrastructure.Persistence;

/// <summary>
/// The one retry policy of the platform (ADR 12, ADR 18): a unit of work runs again from a clean slate when
/// what it met proves that nothing of it was kept — it lost an optimistic-concurrency race (xmin), a
/// unique-index race, PostgreSQL rolled it back (serialization failure, deadlock), or the connection broke
/// before a COMMIT was sent. Each kind has its own budget; past it, the failure goes to the exception
/// handler (409 or 503).
/// </summary>
public static class Retry
{
    /// <summary>Parallel heartbeats of one learner race on the enrolment's row: many short tries.</summary>
    private const int MaxXminRaces = 60;

    /// <summary>
    /// A unique-index race resolves once the winner commits, and the next try finds the row; but thirty parallel
    /// first starts of a quiz form a convoy in which a try can lose again to a winner that then rolled back.
    /// </summary>
    private const int MaxUniqueRaces = 10;

    /// <summary>Deadlocks and serialization failures come from real contention: a few tries, then 409.</summary>
    private const int MaxRolledBack = 4;

    /// <summary>After a restart, parallel requests can each meet a dead connection before the pool is cleared.</summary>
    public const int MaxBrokenConnections = 2;

    /// <summary>Runs <paramref name="work"/> until it succeeds or meets a failure it may not repeat.</summary>
    /// <param name="work">The unit of work; it starts from a clean slate each time.</param>
    /// <param name="commitSent">Whether the last try sent a COMMIT (then a broken connection leaves the outcome unknown).</param>
    /// <param name="mayRepeat">False once something left the process (an answer started): then nothing is repeated.</param>
    /// <param name="cancellationToken">Stops the waits between tries.</param>
    public static async Task<T> RunAsync<T>(Func<Task<T>> work, Func<bool> commitSent, Func<bool> mayRepeat, CancellationToken cancellationToken)
    {
        var tries = new Tries();
        while (true)
        {
            try
            {
                return await work();
            }
            catch (Exception failure) when (mayRepeat() && !cancellationToken.IsCancellationRequested && tries.Next(failure, commitSent()) is { } pause)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }
    }

    /// <summary>A read that changes nothing: only a broken connection is worth another try.</summary>
    public static Task<T> ReadAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken) =>
        RunAsync(read, () => false, () => true, cancellationToken);

    public static bool IsUniqueViolation(Exception exception) =>
        exception.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private sealed class Tries
    {
        private int _xmin;
        private int _unique;
        private int _rolledBack;
        private int _broken;

        /// <summary>The pause before the next try, or null when this failure must not be repeated.</summary>
        public TimeSpan? Next(Exception failure, bool commitSent)
        {
            if (failure is DbUpdateConcurrencyException)
            {
                return ++_xmin < MaxXminRaces ? Jitter(1, 5 + (_xmin * 2)) : null;
            }

            if (failure is DbUpdateException && IsUniqueViolation(failure))
            {
                return ++_unique < MaxUniqueRaces ? Jitter(1, 5 + (_unique * 5)) : null;
            }

            if (DatabaseFaults.IsRolledBackConflict(failure))
            {
                return ++_rolledBack < MaxRolledBack ? Jitter(5, 20 * (_rolledBack + 1)) : null;
            }

            if (!commitSent && DatabaseFaults.IsBrokenConnection(failure))
            {
                return ++_broken <= MaxBrokenConnections ? TimeSpan.FromMilliseconds(50 * _broken) : null;
            }

            return null;
        }

        private static TimeSpan Jitter(int min, int max) => TimeSpan.FromMilliseconds(Random.Shared.Next(min, max));
    }
}
