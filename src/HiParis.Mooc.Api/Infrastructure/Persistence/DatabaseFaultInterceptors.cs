using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace HiParis.Mooc.Api.Infrastructure.Persistence;

/// <summary>
/// After PostgreSQL restarts, every idle connection in the pool is broken, and would fail one request each
/// before being dropped: with little traffic that lasts for minutes. The first command that finds the server
/// gone clears the whole pool instead, so later requests open fresh connections.
/// </summary>
internal sealed class BrokenConnectionInterceptor(NpgsqlDataSource dataSource) : DbCommandInterceptor
{
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ClearWhenBroken(eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ClearWhenBroken(eventData.Exception);
        return Task.CompletedTask;
    }

    private void ClearWhenBroken(Exception exception)
    {
        if (DatabaseFaults.IsUnavailable(exception))
        {
            dataSource.Clear();
        }
    }
}

/// <summary>
/// Marks the context whose unit of work has sent a COMMIT: from then on a lost connection leaves the outcome
/// unknown, and the work must not be run again on the server's side (ADR 12).
/// </summary>
internal sealed class CommitMarker : DbTransactionInterceptor
{
    public static readonly CommitMarker Instance = new();

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Mark(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Mark(eventData);
        return ValueTask.FromResult(result);
    }

    private static void Mark(TransactionEventData eventData)
    {
        if (eventData.Context is MoocDbContext db)
        {
            db.CommitSent = true;
        }
    }
}
