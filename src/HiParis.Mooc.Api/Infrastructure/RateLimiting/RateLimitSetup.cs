using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.RateLimiting;

/// <summary>
/// Limits per client address, answered with 429 ProblemDetails and <c>Retry-After</c>. The verification
/// page and API are public: <c>RateLimits:VerificationPerMinute</c> (default 60) bounds scraping of codes.
/// </summary>
public static class RateLimitSetup
{
    public const string Verification = "verification";

    public const string Heartbeats = "heartbeats";

    /// <summary>The account routes an attacker would hammer: guessing passwords, probing addresses, flooding mailboxes.</summary>
    private static readonly string[] AccountPaths = ["/api/auth/login", "/api/auth/register", "/api/auth/forgotPassword", "/api/auth/resetPassword", "/api/auth/resendConfirmationEmail"];

    public static IServiceCollection AddMoocRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:VerificationPerMinute", 60);
        var accountPerMinute = configuration.GetValue("RateLimits:AccountPerMinute", 20);
        var heartbeatsPerMinute = configuration.GetValue("RateLimits:HeartbeatsPerMinute", 120);
        services.AddRateLimiter(options =>
        {
            // Per client address on the account routes; each address has its own budget, so a flood
            // from one does not stop the others.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && AccountPaths.Contains(http.Request.Path.Value, StringComparer.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        "account:" + (http.Connection.RemoteIpAddress?.ToString() ?? "local"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = accountPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("none"));

            // Per learner: an honest player sends one heartbeat every 10 to 30 s.
            options.AddPolicy(Heartbeats, http => RateLimitPartition.GetFixedWindowLimiter(
                "heartbeats:" + (http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "local"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = heartbeatsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.AddPolicy(Verification, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = Pick("Too many requests.", "Trop de requêtes."),
                        Detail = Pick($"Try again in {retryAfter} seconds.", $"Réessayez dans {retryAfter} secondes."),
                        Type = "https://hiparis-mooc.dev/problems/rate-limited",
                    },
                });
            };
        });
        return services;
    }
}
