using HiParis.Mooc.Api.Infrastructure.Email;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// Identity's sign-in manager, made not to tell whether an account exists (OWASP ASVS 6.3.8, ADR 11): an
/// unknown address and a locked account take as long as a wrong password (a password hash is checked,
/// against a dummy when needed), and a locked account answers "Failed" like any other failure, since an
/// attacker can lock any existing account and would then tell it from a missing one. The owner learns of
/// the lock by e-mail instead, with the way back in (a password reset lifts it).
/// </summary>
public sealed class MoocSignInManager(
    UserManager<User> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<User> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<User>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation,
    MoocEmailSender mail)
    : SignInManager<User>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<User>().HashPassword(new User(), "no account has this password, it only spends time"));

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is not { } user)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(new User(), DummyHash.Value, password);
            return SignInResult.Failed;
        }

        var wasLocked = await UserManager.IsLockedOutAsync(user);
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        if (!result.IsLockedOut)
        {
            return result;
        }

        if (wasLocked)
        {
            // Identity refuses a locked account before looking at the password: spend the same time anyway.
            UserManager.PasswordHasher.VerifyHashedPassword(new User(), DummyHash.Value, password);
        }
        else if (user.Email is { } email)
        {
            var minutes = (int)Math.Ceiling(Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes);
            await mail.SendAccountMailAsync(
                user,
                email,
                Pick("Your account is locked for a while", "Votre compte est verrouillé pour un moment"),
                Pick(
                    $"After {Options.Lockout.MaxFailedAccessAttempts} failed sign-ins, your account is locked for {minutes} minutes. If it was not you, someone is guessing your password: choosing a new one unlocks the account at once.",
                    $"Après {Options.Lockout.MaxFailedAccessAttempts} connexions échouées, votre compte est verrouillé pendant {minutes} minutes. Si ce n'était pas vous, quelqu'un essaie de deviner votre mot de passe : en choisir un nouveau déverrouille le compte aussitôt."),
                Pick("Use \"Forgot password\" on the sign-in page.", "Utilisez « Mot de passe oublié » sur la page de connexion."));
        }

        return SignInResult.Failed;
    }
}
