using System.Net.Sockets;
using Npgsql;

namespace HiParis.Mooc.Api.Infrastructure.Persistence;

/// <summary>What a database failure says about the unit of work that met it (ADR 12).</summary>
public static class DatabaseFaults
{
    /// <summary>True when the failure comes from not reaching PostgreSQL, not from what the request asked.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) ||
                           postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>40001 (serialization failure) or 40P01 (deadlock): the server rolled the transaction back, so running it again is safe.</summary>
    public static bool IsRolledBackConflict(Exception exception) =>
        Chain(exception).Any(current => current is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected });

    /// <summary>
    /// A connection that broke under a request (PostgreSQL restarted, or the network dropped it), as opposed to
    /// a server that cannot be reached at all: trying once more on a new connection is worth it then. A timeout
    /// is not retried, since a second try would only double the wait.
    /// </summary>
    public static bool IsBrokenConnection(Exception exception) =>
        IsUnavailable(exception) && !Chain(exception).Any(current => current is TimeoutException);

    /// <summary>How many times a unit of work cut by a broken connection runs again: after a restart, parallel requests can each meet a dead connection before the pool is cleared.</summary>
    public const int BrokenConnectionRetries = 2;

    /// <summary>Runs a read again on a fresh connection when the connection broke under it; a read changes nothing, so this is always safe.</summary>
    public static async Task<T> RetryReadAsync<T>(Func<Task<T>> read)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await read();
            }
            catch (Exception failure) when (retry < BrokenConnectionRetries && IsBrokenConnection(failure))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * (retry + 1)));
            }
        }
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
