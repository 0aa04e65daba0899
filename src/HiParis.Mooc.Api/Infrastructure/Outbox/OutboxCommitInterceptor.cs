using System.Data.Common;
using HiParis.Mooc.Api.Infrastructure.Email;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace HiParis.Mooc.Api.Infrastructure.Outbox;

/// <summary>
/// Notices the commit of a unit of work that wrote messages: the implicit transaction of a
/// <c>SaveChanges</c>, or the explicit one around several. Then the background dispatcher is woken, or with
/// <c>Email:SendInBackground</c> false the messages are sent right here, before the request answers.
/// </summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal, OutboxDispatcher dispatcher, IOptions<EmailOptions> options)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedAsync(eventData.Context).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await SavedAsync(eventData.Context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Saving(eventData.Context)?.Clear();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context)?.Clear();
        return Task.CompletedTask;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Written(eventData.Context)?.Clear();
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Written(eventData.Context)?.Clear();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        FlushAsync(eventData.Context as MoocDbContext).GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        FlushAsync(eventData.Context as MoocDbContext);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Written(eventData.Context)?.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Written(eventData.Context)?.Clear();
        return Task.CompletedTask;
    }

    private static void Collect(DbContext? context)
    {
        if (context is MoocDbContext db)
        {
            // A message is added by Outbox.Add, so it is known as added already: finding it needs no pass of
            // change detection over every tracked entity (SaveChanges makes its own right after).
            using var _ = db.WithoutDetectingChanges();
            db.OutboxSaving.Clear();
            db.OutboxSaving.AddRange(db.ChangeTracker.Entries<OutboxMessage>().Where(entry => entry.State == EntityState.Added).Select(entry => entry.Entity.Id));
        }
    }

    private Task SavedAsync(DbContext? context)
    {
        if (context is not MoocDbContext db || db.OutboxSaving.Count == 0)
        {
            return Task.CompletedTask;
        }

        db.OutboxWritten.AddRange(db.OutboxSaving);
        db.OutboxSaving.Clear();

        // Inside a transaction of the caller's, the messages exist once it commits; otherwise they do now.
        return db.Database.CurrentTransaction is null ? FlushAsync(db) : Task.CompletedTask;
    }

    private async Task FlushAsync(MoocDbContext? db)
    {
        if (db is null || db.OutboxWritten.Count == 0)
        {
            return;
        }

        Guid[] ids = [.. db.OutboxWritten];
        db.OutboxWritten.Clear();
        if (options.Value.SendInBackground)
        {
            signal.Ring();
        }
        else
        {
            await dispatcher.SendNowAsync(ids, CancellationToken.None);
        }
    }

    private static List<Guid>? Saving(DbContext? context) => (context as MoocDbContext)?.OutboxSaving;

    private static List<Guid>? Written(DbContext? context) => (context as MoocDbContext)?.OutboxWritten;
}
