using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// Identity's sign-in manager, made not to tell whether an account exists (OWASP ASVS 6.3.8, ADR 11): an
/// unknown address and a locked account take as long as a wrong password (a password hash is checked,
/// against a dummy when needed), and a locked account answers "Failed" like any other failure, since an
/// attacker can lock any existing account and would then tell it from a missing one. The owner learns of
/// the lock by e-mail instead (<see cref="MoocUserManager.AccessFailedAsync"/>), with the way back in.
/// </summary>
public sealed class MoocSignInManager(
    UserManager<User> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<User> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<User>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation)
    : SignInManager<User>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<User>().HashPassword(new User(), "no account has this password, it only spends time"));

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is not { } user)
        {
            SpendAHash(password);
            return SignInResult.Failed;
        }

        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        return result.IsLockedOut ? SignInResult.Failed : result;
    }

    /// <summary>A check on a locked account spends a password hash too, like one on an open account.</summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(User user, string password, bool lockoutOnFailure)
    {
        if (await UserManager.IsLockedOutAsync(user))
        {
            // Identity refuses a locked account before looking at the password: spend the same time anyway.
            SpendAHash(password);
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    private void SpendAHash(string password) => UserManager.PasswordHasher.VerifyHashedPassword(new User(), DummyHash.Value, password);
}
