using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// Bearer access tokens are not stored on the server, so on their own they outlive a logout, a lock, an
/// erasure or an admin's "end every session". This check compares a signed-in request's security stamp
/// and lockout with the account's, at most <c>Identity:AccountCheckSeconds</c> (default 10) old, on every
/// instance: a token of an ended session stops working within that time (ADR 4), and at once on the instance
/// that ended it (<see cref="Forget"/>).
/// </summary>
internal sealed class ActiveAccountMiddleware(RequestDelegate next, IMemoryCache cache, IConfiguration configuration, IOptions<IdentityOptions> identity)
{
    private readonly TimeSpan _freshness = TimeSpan.FromSeconds(configuration.GetValue("Identity:AccountCheckSeconds", 10));

    public async Task InvokeAsync(HttpContext http, MoocDbContext db, TimeProvider time, IProblemDetailsService problems)
    {
        if (http.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            && http.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) is { } stamp)
        {
            var account = _freshness > TimeSpan.Zero
                ? await cache.GetOrCreateAsync(CacheKey(userId), entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = _freshness;
                    return LoadAsync(db, userId, http.RequestAborted);
                })
                : await LoadAsync(db, userId, http.RequestAborted);
            if (account is null || account.SecurityStamp != stamp || account.LockoutEnd > time.GetUtcNow())
            {
                // A page of the web app sends the browser to the sign-in page instead, without the ended session.
                if (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
                {
                    await http.SignOutAsync(IdentityConstants.ApplicationScheme);
                    await http.ChallengeAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status401Unauthorized,
                        Title = Pick("This session has ended.", "Cette session est terminée."),
                        Detail = Pick("Sign in again.", "Connectez-vous à nouveau."),
                        Type = "https://hiparis-mooc.dev/problems/session-ended",
                    },
                });
                return;
            }
        }

        await next(http);
    }

    /// <summary>Drops what this instance holds of the account's state: a session ended here stops working here at once.</summary>
    internal static void Forget(IMemoryCache cache, Guid userId) => cache.Remove(CacheKey(userId));

    private static (string, Guid) CacheKey(Guid userId) => ("account", userId);

    private static Task<AccountState?> LoadAsync(MoocDbContext db, Guid userId, CancellationToken cancellationToken) =>
        Retry.ReadAsync(() => Account(db, userId, cancellationToken), cancellationToken);

    // Compiled once: a signed-in request whose account state is not cached here asks it first.
    private static readonly Func<MoocDbContext, Guid, CancellationToken, Task<AccountState?>> Account =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, CancellationToken _) =>
            db.Users.AsNoTracking().Where(user => user.Id == userId).Select(user => new AccountState(user.SecurityStamp, user.LockoutEnd)).SingleOrDefault());

    private sealed record AccountState(string? SecurityStamp, DateTimeOffset? LockoutEnd);
}
