using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace HiParis.Mooc.Api.Infrastructure.Email;

internal sealed class SmtpMailTransport(IOptions<EmailOptions> options, ILogger<SmtpMailTransport> logger) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient();
        await client.ConnectAsync(
            settings.SmtpHost ?? throw new InvalidOperationException("Email:SmtpHost is not set."),
            settings.SmtpPort,
            Enum.Parse<SecureSocketOptions>(settings.SmtpSecurity, ignoreCase: true),
            cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUsername))
        {
            await client.AuthenticateAsync(settings.SmtpUsername, settings.SmtpPassword ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Sent e-mail {Subject} to {Recipients} through {SmtpHost}", message.Subject, message.To.ToString(), settings.SmtpHost);
    }
}
