using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>
/// Runs a unit of work again from a clean slate when it lost an optimistic-concurrency race (xmin), a
/// unique-constraint race, or when PostgreSQL rolled it back as a serialization failure or a deadlock: each
/// try reloads what it changes, so nothing is lost and nothing counted twice. A connection that breaks
/// before the COMMIT is handled around the whole endpoint (<see cref="ReconnectFilter"/>, ADR 12).
/// </summary>
public static class ConcurrencyRetry
{
    private const int MaxAttempts = 60;

    /// <summary>Deadlocks and serialization failures come from real contention: a few tries, then 409.</summary>
    private const int MaxRolledBackAttempts = 5;

    public static async Task<T> RunAsync<T>(MoocDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var rolledBack = 0;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                return await work(cancellationToken);
            }
            catch (DbUpdateException conflict) when (attempt < MaxAttempts && IsRace(conflict))
            {
                await Task.Delay(Random.Shared.Next(1, 5 + (attempt * 2)), cancellationToken);
            }
            catch (Exception failure) when (rolledBack < MaxRolledBackAttempts - 1 && DatabaseFaults.IsRolledBackConflict(failure))
            {
                rolledBack++;
                await Task.Delay(Random.Shared.Next(5, 20 * (rolledBack + 1)), cancellationToken);
            }
        }
    }

    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static bool IsRace(DbUpdateException exception) => exception is DbUpdateConcurrencyException || IsUniqueViolation(exception);
}
