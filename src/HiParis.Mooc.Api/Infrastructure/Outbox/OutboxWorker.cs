using HiParis.Mooc.Api.Infrastructure.Email;
using Microsoft.Extensions.Options;

namespace HiParis.Mooc.Api.Infrastructure.Outbox;

/// <summary>
/// The background dispatcher: sends what is due at start-up (messages left by a stopped instance), as soon as
/// a commit on this instance wrote a message, and every <see cref="EmailOptions.PollSeconds"/> for messages
/// written by other instances and retries. Old messages are pruned once an hour.
/// </summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, OutboxSignal signal, TimeProvider clock, IOptions<EmailOptions> options, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    /// <summary>Cut when the host's shutdown timeout runs out: a send still under way is then given up.</summary>
    private readonly CancellationTokenSource _abandon = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
        var nextPrune = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchDueAsync(stoppingToken, _abandon.Token);
                if (clock.GetUtcNow() >= nextPrune)
                {
                    await dispatcher.PruneAsync(stoppingToken);
                    nextPrune = clock.GetUtcNow() + PruneEvery;
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                // The database is away, most likely: the messages wait in it, and the next round tries again.
                logger.LogWarning(failure, "The outbox could not be read; trying again in {Poll}", poll);
            }

            if (!await signal.WaitAsync(poll, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>A send under way finishes (and is marked sent) within the shutdown timeout; past it, it is given up.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var giveUp = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }
}
