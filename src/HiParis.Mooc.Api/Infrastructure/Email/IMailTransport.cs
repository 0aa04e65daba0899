using MimeKit;

namespace HiParis.Mooc.Api.Infrastructure.Email;

/// <summary>The outbound port for e-mail: SMTP in production, a folder of .eml files in development.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
