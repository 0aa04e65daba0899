using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>A refresh token already exchanged: its SHA-256, kept until the token would have expired anyway.</summary>
public sealed class UsedRefreshToken
{
    public string TokenHash { get; private set; } = "";

    public Guid UserId { get; private set; }

    public DateTimeOffset UsedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }
}

/// <summary>
/// Refresh tokens are single-use (ADR 23). Identity's tokens are sealed tickets the server does not store, so
/// each exchange records the token's hash; a second exchange of the same token finds it and is refused, and
/// since either the owner or a thief holds a copy, every session of the account is ended.
/// </summary>
public static class RefreshTokens
{
    public static async ValueTask<object?> SingleUse(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<RefreshRequest>().FirstOrDefault() is not { RefreshToken: { Length: > 0 } token })
        {
            return await next(context);
        }

        var services = context.HttpContext.RequestServices;
        var ticket = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(token);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (ticket?.Properties.ExpiresUtc is not { } expires || now >= expires
            || !Guid.TryParse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            // Not a live token of ours: Identity refuses it, and nothing is recorded.
            return await next(context);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var db = services.GetRequiredService<MoocDbContext>();

        // The unique key makes a parallel second exchange wait for the first and then find it.
        var first = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO used_refresh_tokens (token_hash, user_id, used_at, expires_at) VALUES ({hash}, {userId}, {now}, {expires}) ON CONFLICT (token_hash) DO NOTHING",
            context.HttpContext.RequestAborted) == 1;
        if (first)
        {
            return await next(context);
        }

        var users = services.GetRequiredService<UserManager<User>>();
        if (await users.FindByIdAsync(userId.ToString()) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RefreshTokens))
            .LogWarning("A refresh token of account {UserId} was used again; every session of the account was ended", userId);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: Pick("This refresh token was already used.", "Ce jeton de renouvellement a déjà servi."),
            detail: Pick("Every session of the account has ended: sign in again.", "Toutes les sessions du compte sont terminées : connectez-vous à nouveau."),
            type: "https://hiparis-mooc.dev/problems/refresh-token-reused");
    }

    /// <summary>Forgets the tokens that have expired: Identity refuses them on their own.</summary>
    public static Task<int> PruneAsync(MoocDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.UsedRefreshTokens.Where(used => used.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>Once an hour, forgets the used refresh tokens past their expiry.</summary>
internal sealed class UsedRefreshTokenPruner(IServiceScopeFactory scopes, TimeProvider clock, ILogger<UsedRefreshTokenPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RefreshTokens.PruneAsync(scope.ServiceProvider.GetRequiredService<MoocDbContext>(), clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(failure, "Used refresh tokens could not be pruned; trying again in an hour");
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
