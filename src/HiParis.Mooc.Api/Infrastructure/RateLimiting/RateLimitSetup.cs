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

    public static IServiceCollection AddMoocRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:VerificationPerMinute", 60);
        services.AddRateLimiter(options =>
        {
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
