using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// Identity's user manager, plus what every new account gets (the Learner role and a display name), one
/// spelling per address (user names and addresses are stored folded, ADR 15), and failed password checks
/// counted so that neither parallel guesses nor a held session get around the lockout.
/// </summary>
public sealed class MoocUserManager(
    IUserStore<User> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<User> passwordHasher,
    IEnumerable<IUserValidator<User>> userValidators,
    IEnumerable<IPasswordValidator<User>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<User>> logger,
    TimeProvider timeProvider,
    AccountLockout lockout,
    IMemoryCache cache)
    : UserManager<User>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>Every save of an account (its stamp, its lockout) is seen at once by this instance's session check.</summary>
    protected override async Task<IdentityResult> UpdateUserAsync(User user)
    {
        var updated = await base.UpdateUserAsync(user);
        ActiveAccountMiddleware.Forget(cache, user.Id);
        return updated;
    }

    public override async Task<IdentityResult> CreateAsync(User user)
    {
        if (string.IsNullOrWhiteSpace(user.DisplayName))
        {
            user.DisplayName = DefaultDisplayName(user.Email ?? user.UserName ?? "");
        }

        user.CreatedAt = timeProvider.GetUtcNow();
        user.Email = user.Email is null ? null : EmailAddresses.Canonical(user.Email);
        user.UserName = user.UserName is null ? null : EmailAddresses.Canonical(user.UserName);
        var created = await base.CreateAsync(user);
        return created.Succeeded ? await AddToRoleAsync(user, Roles.Learner) : created;
    }

    public override Task<IdentityResult> SetUserNameAsync(User user, string? userName) =>
        base.SetUserNameAsync(user, userName is null ? null : EmailAddresses.Canonical(userName));

    public override Task<IdentityResult> SetEmailAsync(User user, string? email) =>
        base.SetEmailAsync(user, email is null ? null : EmailAddresses.Canonical(email));

    /// <summary>A change of address is confirmed, and stored, in its folded spelling (the token names the address).</summary>
    public override Task<string> GenerateChangeEmailTokenAsync(User user, string newEmail) =>
        base.GenerateChangeEmailTokenAsync(user, EmailAddresses.Canonical(newEmail));

    public override Task<IdentityResult> ChangeEmailAsync(User user, string newEmail, string token) =>
        base.ChangeEmailAsync(user, EmailAddresses.Canonical(newEmail), token);

    /// <summary>
    /// A password reset (proof of the mailbox) also lifts a lockout: failed logins by somebody else can
    /// delay the owner of an account, never keep them out.
    /// </summary>
    public override async Task<IdentityResult> ResetPasswordAsync(User user, string token, string newPassword)
    {
        var reset = await base.ResetPasswordAsync(user, token, newPassword);
        if (reset.Succeeded)
        {
            await SetLockoutEndDateAsync(user, null);
            await ResetAccessFailedCountAsync(user);
        }

        return reset;
    }

    /// <summary>
    /// A password change inside a session checks the old password like a login does: failures count toward
    /// the lockout, and a locked account's check fails (after the same hash) whatever the password.
    /// </summary>
    public override async Task<IdentityResult> ChangePasswordAsync(User user, string currentPassword, string newPassword)
    {
        if (await IsLockedOutAsync(user))
        {
            PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? "", currentPassword);
            return IdentityResult.Failed(ErrorDescriber.PasswordMismatch());
        }

        var changed = await base.ChangePasswordAsync(user, currentPassword, newPassword);
        if (changed.Errors.Any(error => error.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            await AccessFailedAsync(user);
        }
        else if (changed.Succeeded)
        {
            await ResetAccessFailedCountAsync(user);
        }

        return changed;
    }

    /// <summary>Counted in one statement, so that parallel failures are all counted (<see cref="AccountLockout"/>).</summary>
    public override Task<IdentityResult> AccessFailedAsync(User user) =>
        SupportsUserLockout ? lockout.CountFailureAsync(this, user) : base.AccessFailedAsync(user);

    /// <summary>
    /// Identity's <c>manage/2fa</c> creates the authenticator key the first time anyone merely reads their
    /// two-factor status, and creating a key renews the security stamp: every session of the account would
    /// end, the one asking included. A first key replaces nothing, so it is stored without ending sessions;
    /// replacing an existing key still ends them.
    /// </summary>
    public override async Task<IdentityResult> ResetAuthenticatorKeyAsync(User user)
    {
        if (Store is not IUserAuthenticatorKeyStore<User> keys || await keys.GetAuthenticatorKeyAsync(user, CancellationToken) is not null)
        {
            return await base.ResetAuthenticatorKeyAsync(user);
        }

        await keys.SetAuthenticatorKeyAsync(user, GenerateNewAuthenticatorKey(), CancellationToken);
        return await UpdateUserAsync(user);
    }

    /// <summary>"ada.lovelace@example.org" → "ada.lovelace": a start the learner can change.</summary>
    internal static string DefaultDisplayName(string email)
    {
        var local = email.Split('@')[0].Trim();
        return local.Length > User.DisplayNameMaxLength ? local[..User.DisplayNameMaxLength] : local;
    }
}
