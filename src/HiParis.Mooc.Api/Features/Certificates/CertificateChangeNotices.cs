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
internal sealed partial class CertificateChangeNotices(ILogger<CertificateChangeNotices> logger) : SaveChangesInterceptor, IFeatureInterceptor
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
                try
                {
                    await context.Database.ExecuteSqlAsync($"SELECT pg_notify({VerificationCache.Channel}, {code})", cancellationToken);
                }
                catch (Exception failure) when (context.Database.CurrentTransaction is null && failure is not OperationCanceledException)
                {
                    // Committed already: the change stands, only other instances hear of it later (their 300 s).
                    LogNotAnnounced(logger, code, failure.Message);
                }
            }
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate {Code} changed, but its notice could not be sent ({Reason}): other instances may show its former state for up to Certificates:VerificationCacheSecondsWhenListening")]
    private static partial void LogNotAnnounced(ILogger logger, string code, string reason);
}
