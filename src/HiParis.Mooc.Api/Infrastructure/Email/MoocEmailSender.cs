using System.Net;
using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Email;

/// <summary>
/// Identity's account e-mails (confirmation link, password reset), written to the outbox in the request's
/// unit of work: Identity's endpoints run in one transaction (ADR 14), so the message is committed with the
/// change that causes it. Links land on the web app's pages under <c>Mooc:PublicBaseUrl</c>, whichever client
/// asked (the API or a page): a person opens them. The recipient is the address the account holds, not the
/// spelling the request used (ADR 15).
/// </summary>
/// <remarks>Identity resolves its sender once, from the root: this class reaches the request's scope through the accessor.</remarks>
public sealed class MoocEmailSender(IHttpContextAccessor accessor, IConfiguration configuration) : IEmailSender<User>
{
    public Task SendConfirmationLinkAsync(User user, string email, string confirmationLink) =>
        WriteAsync(
            user,
            email,
            Pick("Confirm your e-mail address", "Confirmez votre adresse e-mail"),
            Pick("Welcome to the Hi! PARIS MOOC. Please confirm your e-mail address by opening this link:",
                "Bienvenue sur le MOOC Hi! PARIS. Confirmez votre adresse e-mail en ouvrant ce lien :"),
            PublicBaseUrl.From(configuration) + AuthPages.ConfirmEmail + QueryOf(WebUtility.HtmlDecode(confirmationLink)));

    public Task SendPasswordResetLinkAsync(User user, string email, string resetLink) =>
        WriteAsync(
            user,
            email,
            Pick("Reset your password", "Réinitialisez votre mot de passe"),
            Pick("To choose a new password, open this link:", "Pour choisir un nouveau mot de passe, ouvrez ce lien :"),
            PublicBaseUrl.Rebase(configuration, WebUtility.HtmlDecode(resetLink)));

    /// <summary>Identity's API hands out a code: the message carries it inside a link to the page that uses it.</summary>
    public Task SendPasswordResetCodeAsync(User user, string email, string resetCode) =>
        WriteAsync(
            user,
            email,
            Pick("Reset your password", "Réinitialisez votre mot de passe"),
            Pick("To choose a new password, open this link:", "Pour choisir un nouveau mot de passe, ouvrez ce lien :"),
            PublicBaseUrl.From(configuration) + QueryHelpers.AddQueryString(
                AuthPages.ResetPassword,
                new Dictionary<string, string?> { ["email"] = Recipient(user, email), ["code"] = WebUtility.HtmlDecode(resetCode) }));

    /// <summary>The query of a link Identity built (<c>?userId=…&amp;code=…</c>), absolute or not.</summary>
    private static string QueryOf(string link) => link.IndexOf('?', StringComparison.Ordinal) is var start and >= 0 ? link[start..] : "";

    /// <summary>The account's own address when the request named it (in whatever spelling); a new address being confirmed otherwise.</summary>
    internal static string Recipient(User user, string requested) =>
        user.Email is { } held && EmailAddresses.Key(held) == EmailAddresses.Key(requested) ? held : EmailAddresses.Canonical(requested);

    private async Task WriteAsync(User user, string email, string subject, string lead, string payload)
    {
        var services = accessor.HttpContext?.RequestServices
            ?? throw new InvalidOperationException("Identity's e-mails are written in the unit of work of a request.");
        services.GetRequiredService<Outbox.Outbox>().Add(user.Id, user.DisplayName, Recipient(user, email), subject, lead, payload);
        await services.GetRequiredService<MoocDbContext>().SaveChangesAsync(CancellationToken.None);
    }
}
