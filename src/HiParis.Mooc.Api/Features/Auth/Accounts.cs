using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Auth;

/// <summary>
/// The account steps of the web app's pages, done with Identity exactly as its API endpoints do them
/// (<c>MapIdentityApi</c>): register, confirm an address, ask for and use a password reset. Each runs in one
/// transaction with the e-mail it causes (ADR 14), and a taken address answers like a new one (ADR 11).
/// Errors are keyed by the form field they belong to.
/// </summary>
public sealed class Accounts(UserManager<User> users, IUserStore<User> store, IEmailSender<User> sender, Infrastructure.Outbox.Outbox outbox, MoocDbContext db)
{
    private static readonly EmailAddressAttribute AddressFormat = new();

    public async Task<Dictionary<string, string[]>> RegisterAsync(string email, string password, string? displayName, CancellationToken cancellationToken)
    {
        email = email.Trim();
        Dictionary<string, string[]> errors = [];
        if (email.Length == 0 || !AddressFormat.IsValid(email))
        {
            errors["email"] = [users.ErrorDescriber.InvalidEmail(email).Description];
        }

        if (!string.IsNullOrWhiteSpace(displayName) && User.DisplayNameProblem(displayName) is { } problem)
        {
            errors["displayName"] = [problem];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        return await InOneTransactionAsync(db, async () =>
        {
            var user = new User { DisplayName = displayName?.Trim() ?? "" };
            await store.SetUserNameAsync(user, email, cancellationToken);
            await ((IUserEmailStore<User>)store).SetEmailAsync(user, email, cancellationToken);
            var created = await users.CreateAsync(user, password);
            if (created.Succeeded)
            {
                await SendConfirmationAsync(user, email);
                return [];
            }

            if (created.Errors.All(error => error.Code is "DuplicateUserName" or "DuplicateEmail"))
            {
                await TellOwnerAsync(email, cancellationToken);
                return [];
            }

            return ByField(created.Errors);
        }, cancellationToken);
    }

    /// <summary>
    /// The owner of a taken address learns that someone tried to register with it; the one who tried sees the
    /// same answer as for a new account, so the form does not tell who has an account (OWASP ASVS 6.3.8).
    /// </summary>
    public async Task TellOwnerAsync(string email, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(email) is not { } owner)
        {
            return;
        }

        outbox.Add(
            owner.Id,
            owner.DisplayName,
            owner.Email!,
            Pick("Someone tried to register with your address", "Quelqu'un a tenté de s'inscrire avec votre adresse"),
            Pick(
                "An account already uses this address. If it was you, sign in, or reset your password if you forgot it. If not, you can ignore this message.",
                "Un compte utilise déjà cette adresse. Si c'était vous, connectez-vous, ou réinitialisez votre mot de passe si vous l'avez oublié. Sinon, ignorez ce message."),
            Pick("No account was created.", "Aucun compte n'a été créé."));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Confirms an address, or a change of address (<paramref name="changedEmail"/>), with the e-mailed code; false when the link is not good.</summary>
    public async Task<bool> ConfirmAsync(string? userId, string? code, string? changedEmail, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(userId, out _) || Decode(code) is not { } token)
        {
            return false;
        }

        return await InOneTransactionAsync(db, async () =>
        {
            if (await users.FindByIdAsync(userId!) is not { } user)
            {
                return false;
            }

            if (string.IsNullOrEmpty(changedEmail))
            {
                return (await users.ConfirmEmailAsync(user, token)).Succeeded;
            }

            var changed = await users.ChangeEmailAsync(user, changedEmail, token);
            return changed.Succeeded && (await users.SetUserNameAsync(user, changedEmail)).Succeeded;
        }, cancellationToken);
    }

    /// <summary>Mails the confirmation link again, as Identity's <c>resendConfirmationEmail</c> does.</summary>
    public Task ResendConfirmationAsync(User user, CancellationToken cancellationToken) =>
        InOneTransactionAsync(db, async () =>
        {
            await SendConfirmationAsync(user, user.Email!);
            return true;
        }, cancellationToken);

    /// <summary>Mails a reset link when the address has a confirmed account; says nothing either way.</summary>
    public Task SendPasswordResetAsync(string email, CancellationToken cancellationToken) =>
        InOneTransactionAsync(db, async () =>
        {
            if (await users.FindByEmailAsync(email.Trim()) is { } user && await users.IsEmailConfirmedAsync(user))
            {
                var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
                await sender.SendPasswordResetCodeAsync(user, email.Trim(), HtmlEncoder.Default.Encode(code));
            }

            return true;
        }, cancellationToken);

    /// <summary>Sets a new password with the e-mailed code; an unknown or unconfirmed address answers like a bad code.</summary>
    public Task<Dictionary<string, string[]>> ResetPasswordAsync(string email, string? code, string newPassword, CancellationToken cancellationToken) =>
        InOneTransactionAsync(db, async () =>
        {
            if (await users.FindByEmailAsync(email.Trim()) is not { } user || !await users.IsEmailConfirmedAsync(user) || Decode(code) is not { } token)
            {
                return ByField([users.ErrorDescriber.InvalidToken()]);
            }

            var reset = await users.ResetPasswordAsync(user, token, newPassword);
            return reset.Succeeded ? [] : ByField(reset.Errors);
        }, cancellationToken);

    /// <summary>
    /// Identity saves after each of its steps; one transaction around them makes the change and the message it
    /// causes commit together (ADR 14). A unique-key race (two registrations of one new address at once) runs
    /// once more and then finds what the winner wrote.
    /// </summary>
    internal static async Task<T> InOneTransactionAsync<T>(MoocDbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work();
                await transaction.CommitAsync(CancellationToken.None);
                return result;
            }
            catch (DbUpdateException race) when (attempt == 1 && Retry.IsUniqueViolation(race))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task SendConfirmationAsync(User user, string email)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var link = QueryHelpers.AddQueryString(AuthPages.ConfirmEmail, new Dictionary<string, string?> { ["userId"] = user.Id.ToString(), ["code"] = code });
        await sender.SendConfirmationLinkAsync(user, email, HtmlEncoder.Default.Encode(link));
    }

    private static string? Decode(string? code)
    {
        try
        {
            return string.IsNullOrEmpty(code) ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Dictionary<string, string[]> ByField(IEnumerable<IdentityError> errors) =>
        errors.GroupBy(error => error.Code switch
            {
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
                "InvalidToken" => "code",
                _ => "email",
            })
            .ToDictionary(group => group.Key, group => group.Select(error => error.Description).ToArray(), StringComparer.Ordinal);
}
