using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>
/// Runs a unit of work again from a clean slate when it lost an optimistic-concurrency race (xmin) or
/// a unique-constraint race: each try reloads what it changes, so nothing is lost and nothing counted twice.
/// </summary>
public static class ConcurrencyRetry
{
    private const int MaxAttempts = 60;

    public static async Task<T> RunAsync<T>(MoocDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
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
        }
    }

    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static bool IsRace(DbUpdateException exception) => exception is DbUpdateConcurrencyException || IsUniqueViolation(exception);
}
