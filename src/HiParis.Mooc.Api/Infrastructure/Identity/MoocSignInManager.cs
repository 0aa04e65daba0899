using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// Identity's sign-in manager, made to take as long for an unknown e-mail address as for a wrong
/// password: it checks the password against a dummy hash, so the answer's timing does not tell whether
/// an account exists (OWASP ASVS 6.3.8; the answers themselves are already the same).
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
        if (await UserManager.FindByNameAsync(userName) is null)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(new User(), DummyHash.Value, password);
            return SignInResult.Failed;
        }

        return await base.PasswordSignInAsync(userName, password, isPersistent, lockoutOnFailure);
    }
}
