using Microsoft.Extensions.Options;
using MimeKit;

namespace HiParis.Mooc.Api.Infrastructure.Email;

/// <summary>The development sink: every message becomes a .eml file that any mail client opens.</summary>
internal sealed class PickupDirectoryMailTransport(
    IOptions<EmailOptions> options,
    TimeProvider timeProvider,
    ILogger<PickupDirectoryMailTransport> logger) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var directory = options.Value.PickupDirectory
            ?? throw new InvalidOperationException("Email:PickupDirectory is not set.");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{timeProvider.GetUtcNow():yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(path, cancellationToken);
        logger.LogInformation("E-mail {Subject} to {Recipients} written to {Path} (no SMTP server configured)", message.Subject, message.To.ToString(), path);
    }
}
