using System.Net;
using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MimeKit;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Email;

/// <summary>
/// The platform's e-mails, written in the language of the request that caused them. Identity's account
/// e-mails (confirmation, password reset) go through the <see cref="AccountMailOutbox"/>; the others are
/// sent through the configured <see cref="IMailTransport"/> at once.
/// </summary>
public sealed class MoocEmailSender(IMailTransport transport, AccountMailOutbox accountMail, IOptions<EmailOptions> options) : IEmailSender<User>
{
    public Task SendConfirmationLinkAsync(User user, string email, string confirmationLink) =>
        SendAccountMailAsync(
            user,
            email,
            Pick("Confirm your e-mail address", "Confirmez votre adresse e-mail"),
            Pick("Welcome to the Hi! PARIS MOOC. Please confirm your e-mail address by opening this link:",
                "Bienvenue sur le MOOC Hi! PARIS. Confirmez votre adresse e-mail en ouvrant ce lien :"),
            WebUtility.HtmlDecode(confirmationLink));

    public Task SendPasswordResetLinkAsync(User user, string email, string resetLink) =>
        SendAccountMailAsync(
            user,
            email,
            Pick("Reset your password", "Réinitialisez votre mot de passe"),
            Pick("To choose a new password, open this link:", "Pour choisir un nouveau mot de passe, ouvrez ce lien :"),
            WebUtility.HtmlDecode(resetLink));

    public Task SendPasswordResetCodeAsync(User user, string email, string resetCode) =>
        SendAccountMailAsync(
            user,
            email,
            Pick("Your password reset code", "Votre code de réinitialisation"),
            Pick("Use this code to choose a new password:", "Utilisez ce code pour choisir un nouveau mot de passe :"),
            resetCode);

    /// <summary>Any other message of the platform (certificates, reminders) goes through here, sent at once.</summary>
    public Task SendAsync(User user, string email, string subject, string lead, string payload, CancellationToken cancellationToken = default) =>
        transport.SendAsync(Compose(user, email, subject, lead, payload), cancellationToken);

    /// <summary>An account e-mail, whose timing must not show whether an account exists: see <see cref="AccountMailOutbox"/>.</summary>
    public Task SendAccountMailAsync(User user, string email, string subject, string lead, string payload, CancellationToken cancellationToken = default) =>
        accountMail.SendAsync(Compose(user, email, subject, lead, payload), cancellationToken);

    private MimeMessage Compose(User user, string email, string subject, string lead, string payload)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(user.DisplayName, email));
        var greeting = Pick($"Hello {user.DisplayName},", $"Bonjour {user.DisplayName},");
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
