using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MimeKit;

namespace HiParis.Mooc.Api.Infrastructure.Email;

/// <summary>
/// The account e-mails (confirmation, password reset, "someone used your address") leave after the answer,
/// not inside it: how long the mail server takes must not tell an observer whether an account exists
/// (ADR 11), and a slow or absent mail server must not slow or fail sign-up. Messages wait in memory and
/// are sent one by one, retried a few times; with <c>Email:SendInBackground</c> false they are sent inline.
/// </summary>
public sealed class AccountMailOutbox(IMailTransport transport, IOptions<EmailOptions> options, TimeProvider clock, ILogger<AccountMailOutbox> logger)
    : BackgroundService
{
    /// <summary>Beyond this many waiting messages, a request sends its own inline rather than queue without bound.</summary>
    private const int Capacity = 10_000;

    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    private readonly Channel<MimeMessage> _waiting = Channel.CreateBounded<MimeMessage>(new BoundedChannelOptions(Capacity) { SingleReader = true });

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (!options.Value.SendInBackground || !_waiting.Writer.TryWrite(message))
        {
            await transport.SendAsync(message, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in _waiting.Reader.ReadAllAsync(stoppingToken))
        {
            await DeliverAsync(message, stoppingToken);
        }
    }

    /// <summary>On shutdown, what is still waiting is sent before the host stops (within its shutdown timeout).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _waiting.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        while (_waiting.Reader.TryRead(out var message) && !cancellationToken.IsCancellationRequested)
        {
            await DeliverAsync(message, cancellationToken);
        }
    }

    private async Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await transport.SendAsync(message, cancellationToken);
                return;
            }
            catch (Exception failure) when (failure is not OperationCanceledException && attempt < Backoff.Length)
            {
                logger.LogWarning(failure, "Sending {Subject} to {To} failed; trying again in {Delay}", message.Subject, message.To, Backoff[attempt]);
                await Task.Delay(Backoff[attempt], clock, cancellationToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Gave up sending {Subject} to {To}", message.Subject, message.To);
                return;
            }
        }
    }
}
