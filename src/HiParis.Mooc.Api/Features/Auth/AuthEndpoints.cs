using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.Api.Features.Auth;

public static class AuthEndpoints
{
    /// <summary>Identity's endpoints (register, login, refresh, confirm, reset, manage) plus logout.</summary>
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup(AuthApiPaths.Group).WithTags("Auth");
        auth.MapIdentityApi<User>();
        auth.MapPost("/logout", Logout)
            .RequireAuthorization()
            .WithName("Logout")
            .WithSummary("Sign out: ends the cookie session and invalidates every refresh token of the account.");
        return app;
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
