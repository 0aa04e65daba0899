using System.Text;
using Microsoft.AspNetCore.Identity;
using MimeKit;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// One spelling per address (ADR 15): compatibility characters folded (Unicode NFKC, so the Kelvin sign is a
/// "K" and full-width letters are plain ones), blanks around it dropped; and one key per address, that
/// spelling upper-cased, for every lookup, limit and lockout.
/// </summary>
public static class EmailAddresses
{
    public static string Canonical(string address) => address.Normalize(NormalizationForm.FormKC).Trim();

    public static string Key(string address) => Canonical(address).ToUpperInvariant();

    /// <summary>The longest address SMTP carries (RFC 5321); the columns hold 256.</summary>
    public const int MaxLength = 254;

    /// <summary>
    /// An address an account may hold: short enough to store and send to, one <c>@</c>, only the characters
    /// a user name allows (the address is the user name), and one the mail library can write as a recipient.
    /// </summary>
    public static bool IsUsable(string address, string? allowedCharacters)
    {
        var canonical = Canonical(address);
        return canonical.Length is > 0 and <= MaxLength
            && canonical.Count(character => character == '@') == 1
            && (string.IsNullOrEmpty(allowedCharacters) || canonical.All(allowedCharacters.Contains))
            && MailboxAddress.TryParse(canonical, out var mailbox) && mailbox.Address == canonical;
    }
}

/// <summary>Refuses, as Identity's <c>InvalidEmail</c>, an address no account may hold (<see cref="EmailAddresses.IsUsable"/>).</summary>
public sealed class UsableAddressValidator : IUserValidator<User>
{
    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user) =>
        Task.FromResult(user.Email is null || EmailAddresses.IsUsable(user.Email, manager.Options.User.AllowedUserNameCharacters)
            ? IdentityResult.Success
            : IdentityResult.Failed(manager.ErrorDescriber.InvalidEmail(user.Email.Length > 100 ? user.Email[..100] + "…" : user.Email)));
}

/// <summary>Identity's lookups (user name and address) by <see cref="EmailAddresses.Key"/>, the key limits and lockouts use too.</summary>
public sealed class EmailLookupNormalizer : ILookupNormalizer
{
    public string? NormalizeName(string? name) => name is null ? null : EmailAddresses.Key(name);

    public string? NormalizeEmail(string? email) => email is null ? null : EmailAddresses.Key(email);
}
