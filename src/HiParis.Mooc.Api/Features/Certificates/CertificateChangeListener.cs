using HiParis.Mooc.Api.Infrastructure.Persistence;
using Npgsql;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// Listens on PostgreSQL's <see cref="VerificationCache.Channel"/> for the codes of changed certificates and
/// drops them from this instance's <see cref="VerificationCache"/>, on a connection of its own (not pooled).
/// A silent connection is checked every 2 s with a 2 s timeout; a lost one tells the cache (which then drops
/// everything and keeps entries briefly) and is opened again a second later.
/// </summary>
internal sealed partial class CertificateChangeListener(
    [FromKeyedServices(PersistenceSetup.SessionConnections)] NpgsqlDataSource dataSource, VerificationCache cache, ILogger<CertificateChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan Check = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!cache.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                cache.Listening(false);
                LogLost(logger, failure.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }

        cache.Listening(false);
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, notice) => cache.Forget(notice.Payload);

        // LISTEN again is also the check of a silent connection: it changes nothing, and the session's last
        // statement in pg_stat_activity keeps saying what the connection is for.
        await using var listen = new NpgsqlCommand($"LISTEN {VerificationCache.Channel}", connection) { CommandTimeout = (int)Check.TotalSeconds };
        await listen.ExecuteNonQueryAsync(stoppingToken);
        cache.Listening(true);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await connection.WaitAsync(Check, stoppingToken))
            {
                await listen.ExecuteNonQueryAsync(stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate changes: the connection listening for them was lost ({Reason}); verified certificates are kept briefly until it is back")]
    private static partial void LogLost(ILogger logger, string reason);
}
