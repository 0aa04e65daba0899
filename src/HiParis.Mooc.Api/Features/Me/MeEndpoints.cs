using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

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
        UserManager<User> users,
        Profiles profiles)
    {
        if (User.DisplayNameProblem(request.DisplayName) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["displayName"] = [problem] });
        }

        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        await profiles.RenameAsync(user, request.DisplayName);
        return TypedResults.Ok(await ToResponseAsync(user, users));
    }

    private static async Task<MeResponse> ToResponseAsync(User user, UserManager<User> users) =>
        new(user.Id, user.Email ?? "", user.DisplayName, user.EmailConfirmed, [.. (await users.GetRolesAsync(user)).Order()]);
}
