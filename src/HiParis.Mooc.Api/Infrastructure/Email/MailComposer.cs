using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Email;

/// <summary>The platform's one message layout (text and HTML), in the language of the request that causes it.</summary>
public sealed class MailComposer(IOptions<EmailOptions> options, TimeProvider clock)
{
    public MimeMessage Compose(string displayName, string address, string subject, string lead, string payload)
    {
        var message = new MimeMessage { Subject = subject, Date = clock.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(displayName, address));
        var greeting = Pick($"Hello {displayName},", $"Bonjour {displayName},");
        var signature = Pick("The Hi! PARIS MOOC team", "L'équipe du MOOC Hi! PARIS");
        message.Body = new BodyBuilder
        {
            TextBody = $"{greeting}\n\n{lead}\n\n{payload}\n\n{signature}\n",
            HtmlBody =
                $"<p>{WebUtility.HtmlEncode(greeting)}</p><p>{WebUtility.HtmlEncode(lead)}</p>" +
                $"<p>{Linkify(payload)}</p><p>{WebUtility.HtmlEncode(signature)}</p>",
        }.ToMessageBody();
        return message;
    }

    private static string Linkify(string payload)
    {
        var encoded = WebUtility.HtmlEncode(payload);
        return Uri.TryCreate(payload, UriKind.Absolute, out _) ? $"<a href=\"{encoded}\">{encoded}</a>" : $"<strong>{encoded}</strong>";
    }
}
