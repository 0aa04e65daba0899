using System.Security.Claims;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

public static class PrincipalExtensions
{
    /// <summary>The signed-in user's id (Identity's name-identifier claim); only for endpoints that require authorization.</summary>
    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The request is not signed in."));
}
