using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.Api.Features.Auth.Pages;

/// <summary>The one account action of the pages that is not a page: signing out (a form in the header).</summary>
public static class AuthPageEndpoints
{
    public static IEndpointRouteBuilder MapAuthPageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(AuthPages.SignOut, SignOut).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// As the API's logout: the account's security stamp is renewed, so every session of the account ends
    /// (ADR 4), then the cookie goes. Reading the form makes the antiforgery token required.
    /// </summary>
    private static async Task<RedirectHttpResult> SignOut(IFormCollection form, HttpContext http, UserManager<User> users, SignInManager<User> signIn)
    {
        if (await users.GetUserAsync(http.User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/");
    }
}
