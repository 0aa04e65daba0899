using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HiParis.Mooc.Api.Infrastructure.Persistence;

/// <summary>
/// The unit of work of one request: a handler loads, calls a domain verb, and saves here; what must happen
/// only once the change is committed (forgetting a cached answer, say) is registered with
/// <see cref="AfterCommit"/> and runs right after the COMMIT. When the work loses a race or meets a fault
/// that kept nothing, the whole handler runs again (<see cref="UnitOfWorkFilter"/>, <see cref="Retry"/>).
/// A unit runs once <see cref="Admission"/> lets it in, and holds its turn until it ends, tries again included.
/// </summary>
public sealed class UnitOfWork(MoocDbContext db, Admission admission, ILogger<UnitOfWork> logger)
{
    private readonly List<Func<CancellationToken, Task>> _afterCommit = [];

    public MoocDbContext Db => db;

    /// <summary>Runs <paramref name="sideEffect"/> after the next successful save; dropped if the work is tried again.</summary>
    public void AfterCommit(Func<CancellationToken, Task> sideEffect) => _afterCommit.Add(sideEffect);

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        Func<CancellationToken, Task>[] effects = [.. _afterCommit];
        _afterCommit.Clear();
        foreach (var effect in effects)
        {
            try
            {
                await effect(cancellationToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The change is committed: a side effect that fails is logged, it does not fail the request.
                logger.LogError(failure, "A side effect after a commit failed");
            }
        }
    }

    /// <summary>
    /// Runs one statement that commits by itself, on this unit's connection and outside EF, and returns the first
    /// column of its first row: for a hot path whose whole change is one statement (ADR 30). The statement must
    /// return a row exactly when it wrote something. It counts as a sent COMMIT (after a lost connection the work
    /// is not run again) unless it answered no row: then it wrote nothing, and the work may still run again.
    /// </summary>
    public async Task<object?> CommitStatementAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            command.Connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var sentBefore = db.CommitSent;
            db.CommitSent = true;
            var written = await command.ExecuteScalarAsync(cancellationToken);
            db.CommitSent = written is not null || sentBefore;
            return written;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Runs a unit of work outside an API endpoint (a page's form) with the same admission and retry policy.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var turn = await admission.EnterAsync(cancellationToken);
        return await Retry.RunAsync(
            () =>
            {
                Restart();
                return work(cancellationToken);
            },
            () => db.CommitSent,
            () => true,
            cancellationToken);
    }

    internal void Restart()
    {
        db.ChangeTracker.Clear();
        db.CommitSent = false;
        _afterCommit.Clear();
    }
}

/// <summary>Every API endpoint is one unit of work, run again as a whole when <see cref="Retry"/> allows.</summary>
internal sealed class UnitOfWorkFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var work = http.RequestServices.GetRequiredService<UnitOfWork>();
        using var turn = await http.RequestServices.GetRequiredService<Admission>().EnterAsync(http.RequestAborted);
        return await Retry.RunAsync(
            async () =>
            {
                work.Restart();
                return await next(context);
            },
            () => work.Db.CommitSent,
            () => !http.Response.HasStarted,
            http.RequestAborted);
    }
}
