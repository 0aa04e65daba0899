namespace HiParis.Mooc.Api.Infrastructure.Outbox;

/// <summary>Rung after a commit that wrote messages, so that the background dispatcher sends them at once.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _bell = new(0, 1);

    public void Ring()
    {
        try
        {
            _bell.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already rung: the dispatcher will look once, and find every message.
        }
    }

    /// <summary>Waits for a ring or for the poll interval; false when the host stops.</summary>
    public async Task<bool> WaitAsync(TimeSpan poll, CancellationToken stoppingToken)
    {
        try
        {
            await _bell.WaitAsync(poll, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _bell.Dispose();
}
