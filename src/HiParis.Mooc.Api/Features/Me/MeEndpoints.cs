using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Me;

public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup(MeApiPaths.Me).WithTags("Me").RequireAuthorization();
        me.MapGet("", GetMe).WithName("GetMe").WithSummary("Who I am: id, e-mail, display name and roles.");
        me.MapPatch("", UpdateMe).WithName("UpdateMe").WithSummary("Change my display name.");
        return app;
    }

    public sealed record MeResponse(Guid Id, string Email, string DisplayName, bool EmailConfirmed, IReadOnlyList<string> Roles);

    public sealed record UpdateMeRequest(
        [Required, StringLength(User.DisplayNameMaxLength)] string DisplayName);

    private static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> GetMe(ClaimsPrincipal principal, UserManager<User> users)
    {
        var user = await users.GetUserAsync(principal);
        return user is null ? TypedResults.Unauthorized() : TypedResults.Ok(await ToResponseAsync(user, users));
    }

    private static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult, ValidationProblem>> UpdateMe(
        UpdateMeRequest request,
        ClaimsPrincipal principal,
        UserManager<User> users)
    {
        if (!IsPrintable(request.DisplayName))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["displayName"] = [Pick("A name holds no line breaks, control characters or direction overrides.", "Un nom ne contient ni saut de ligne, ni caractère de contrôle, ni forçage de sens d'écriture.")],
            });
        }

        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        user.DisplayName = request.DisplayName.Trim();
        await users.UpdateAsync(user);
        return TypedResults.Ok(await ToResponseAsync(user, users));
    }

    /// <summary>
    /// The name is printed on certificates and written into e-mails: line breaks would let it add lines of its
    /// own to a message, and bidirectional overrides (U+202A to U+202E, U+2066 to U+2069) reverse the text that
    /// follows it on a certificate. Letters of every script are welcome.
    /// </summary>
    internal static bool IsPrintable(string name) =>
        !name.Any(character => char.IsControl(character) || character is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'));

    private static async Task<MeResponse> ToResponseAsync(User user, UserManager<User> users) =>
        new(user.Id, user.Email ?? "", user.DisplayName, user.EmailConfirmed, [.. (await users.GetRolesAsync(user)).Order()]);
}
