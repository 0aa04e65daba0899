using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Auth;

public static class AuthEndpoints
{
    /// <summary>Identity's endpoints (register, login, refresh, confirm, reset, manage) plus logout.</summary>
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup(AuthApiPaths.Group).WithTags("Auth");
        auth.MapIdentityApi<User>()
            .AddEndpointFilter(InOneTransaction)
            .AddEndpointFilter(HideTakenAddresses)
            .AddEndpointFilter(RefuseUnusableNewAddress)
            .AddEndpointFilter(RefreshTokens.SingleUse);
        auth.MapPost("/logout", Logout)
            .RequireAuthorization()
            .WithName("Logout")
            .WithSummary("Sign out: ends the cookie session and invalidates every refresh token of the account.");
        return app;
    }

    /// <summary>
    /// Identity saves after each of its steps (the account, its role, a failed login's count), and its e-mail
    /// sender writes to the outbox through the same context: one transaction around the whole endpoint makes
    /// the change and the message it causes commit together or not at all (ADR 14). A unit of work that lost
    /// a race on a unique key (two registrations of one new address at once) runs once more, and then finds
    /// what the winner wrote: the second registration answers as any taken address does.
    /// </summary>
    private static async ValueTask<object?> InOneTransaction(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await Accounts.InOneTransactionAsync(context.HttpContext.RequestServices.GetRequiredService<MoocDbContext>(), async () => await next(context), context.HttpContext.RequestAborted);

    /// <summary>
    /// Registering an address that already has an account answers exactly like a new registration (200),
    /// and tells the owner by e-mail instead: the answer does not reveal who has an account (OWASP ASVS
    /// 6.3.8). The work is alike too: Identity hashed the password before it found the address taken (one
    /// hash, as for a new account, and no second one here), and one message is written either way.
    /// </summary>
    private static async ValueTask<object?> HideTakenAddresses(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (!context.HttpContext.Request.Path.Value!.EndsWith("/register", StringComparison.Ordinal)
            || result is not INestedHttpResult { Result: ValidationProblem problem }
            || problem.ProblemDetails.Errors.Keys.Any(key => key is not ("DuplicateUserName" or "DuplicateEmail"))
            || context.Arguments.OfType<Microsoft.AspNetCore.Identity.Data.RegisterRequest>().FirstOrDefault() is not { } request)
        {
            return result;
        }

        await context.HttpContext.RequestServices.GetRequiredService<Accounts>().TellOwnerAsync(request.Email, context.HttpContext.RequestAborted);
        return TypedResults.Ok();
    }

    /// <summary>
    /// A new address (<c>manage/info</c>) is checked before Identity mails a confirmation link to it: an address
    /// the mail library cannot write failed the request with a 500, and one no account may hold (too long, or
    /// with characters a user name refuses) would change the address at confirmation and then fail to change
    /// the user name, leaving the two apart.
    /// </summary>
    private static async ValueTask<object?> RefuseUnusableNewAddress(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<Microsoft.AspNetCore.Identity.Data.InfoRequest>().FirstOrDefault() is { NewEmail: { Length: > 0 } address })
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<User>>();
            if (!EmailAddresses.IsUsable(address, users.Options.User.AllowedUserNameCharacters))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["InvalidEmail"] = [Pick("This address cannot be used for an account.", "Cette adresse ne peut pas servir à un compte.")],
                });
            }
        }

        return await next(context);
    }

    /// <remarks>
    /// Identity's bearer tokens are not stored on the server, so a logout renews the account's security
    /// stamp: refresh tokens and cookies issued before it stop working on every device (see ADR 0004).
    /// </remarks>
    private static async Task<Results<NoContent, UnauthorizedHttpResult>> Logout(
        ClaimsPrincipal principal,
        UserManager<User> users,
        SignInManager<User> signIn)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }
}
