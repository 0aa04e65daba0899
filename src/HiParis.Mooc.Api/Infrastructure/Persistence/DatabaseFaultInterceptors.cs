using System.Data.Common;
using Microsoft.EntityFrameworkCore;
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

    // Not on a timeout: a slow query says nothing about the other connections.
    private void ClearWhenBroken(Exception exception)
    {
        if (DatabaseFaults.IsBrokenConnection(exception))
        {
            dataSource.Clear();
        }
    }
}

/// <summary>
/// Marks the context whose unit of work has sent a COMMIT: from then on a lost connection leaves the outcome
/// unknown, and the work must not be run again on the server's side (ADR 12). A write sent outside a
/// transaction commits by itself (a single-statement <c>SaveChanges</c>, <c>ExecuteUpdate</c>,
/// <c>ExecuteDelete</c>), so sending it counts as a COMMIT too.
/// </summary>
internal sealed class CommitMarker : DbTransactionInterceptor, IDbCommandInterceptor
{
    public static readonly CommitMarker Instance = new();

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        MarkAutocommitWrite(command, eventData);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        MarkAutocommitWrite(command, eventData);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        MarkAutocommitWrite(command, eventData);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        MarkAutocommitWrite(command, eventData);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        MarkAutocommitWrite(command, eventData);
        return result;
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        MarkAutocommitWrite(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void MarkAutocommitWrite(DbCommand command, CommandEventData eventData)
    {
        if (command.Transaction is null && eventData.CommandSource is not (CommandSource.LinqQuery or CommandSource.FromSqlQuery))
        {
            Mark(eventData.Context);
        }
    }

    private static void Mark(DbContext? context)
    {
        if (context is MoocDbContext db)
        {
            db.CommitSent = true;
        }
    }
}
