using System.Runtime.CompilerServices;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// Announces every saved change of a certificate on <see cref="VerificationCache.Channel"/>, whoever made
/// it (revoke, reinstate, reissue, erasure, anything later): the codes are noted before the save and
/// announced with <c>pg_notify</c> once it is done, inside the caller's transaction when there is one
/// (PostgreSQL delivers a notice at COMMIT, never before), else right after EF's own COMMIT.
/// </summary>
internal sealed class CertificateChangeNotices : SaveChangesInterceptor, IFeatureInterceptor
{
    private readonly ConditionalWeakTable<DbContext, string[]> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var codes))
        {
            _pending.Remove(context);
            foreach (var code in codes)
            {
                await context.Database.ExecuteSqlAsync($"SELECT pg_notify({VerificationCache.Channel}, {code})", cancellationToken);
            }
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var codes))
        {
            _pending.Remove(context);
            foreach (var code in codes)
            {
                context.Database.ExecuteSql($"SELECT pg_notify({VerificationCache.Channel}, {code})");
            }
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Drop(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Drop(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        string[] codes = [.. context.ChangeTracker.Entries<Certificate>()
            .Where(entry => entry.State is EntityState.Modified or EntityState.Deleted)
            .Select(entry => entry.Entity.Code)];
        if (codes.Length > 0)
        {
            _pending.AddOrUpdate(context, codes);
        }
        else
        {
            _pending.Remove(context);
        }
    }

    private void Drop(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
