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

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
