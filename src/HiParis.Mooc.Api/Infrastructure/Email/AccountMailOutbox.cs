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

    private MimeMessage? _current;

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
            _current = message;

            // The sending itself is not cut by the stop (only the waits between tries are): a message handed to
            // the mail server either goes or is sent again by StopAsync.
            await DeliverAsync(message, Backoff.Length, stoppingToken);
            _current = null;
        }
    }

    /// <summary>
    /// On shutdown, the message being tried and what is still waiting are sent (once each) before the host
    /// stops, within its shutdown timeout.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _waiting.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        if (Interlocked.Exchange(ref _current, null) is { } interrupted)
        {
            await DeliverAsync(interrupted, 0, cancellationToken);
        }

        while (_waiting.Reader.TryRead(out var message) && !cancellationToken.IsCancellationRequested)
        {
            await DeliverAsync(message, 0, cancellationToken);
        }
    }

    private async Task DeliverAsync(MimeMessage message, int retries, CancellationToken waitToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await transport.SendAsync(message, CancellationToken.None);
                return;
            }
            catch (Exception failure) when (attempt < retries)
            {
                logger.LogWarning(failure, "Sending {Subject} to {To} failed; trying again in {Delay}", message.Subject, message.To, Backoff[attempt]);
                await Task.Delay(Backoff[attempt], clock, waitToken);
            }
            catch (Exception failure)
            {
                logger.LogError(failure, "Gave up sending {Subject} to {To}", message.Subject, message.To);
                return;
            }
        }
    }
}
