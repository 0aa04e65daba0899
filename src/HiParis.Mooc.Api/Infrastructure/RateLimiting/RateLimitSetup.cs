using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Api.Features.Me.Pages;
using Microsoft.AspNetCore.Mvc;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.RateLimiting;

/// <summary>
/// Limits per client address and per account, answered with 429 ProblemDetails and <c>Retry-After</c>. The
/// verification page and API are public: <c>RateLimits:VerificationPerMinute</c> (default 60) bounds scraping of codes.
/// </summary>
public static class RateLimitSetup
{
    public const string Verification = "verification";

    public const string Heartbeats = "heartbeats";

    /// <summary>
    /// The account routes an attacker would hammer: guessing passwords, probing addresses, flooding mailboxes.
    /// The web app's account forms post to their pages and count alike.
    /// </summary>
    private static readonly string[] AccountPaths =
    [
        "/api/auth/login", "/api/auth/register", "/api/auth/forgotPassword", "/api/auth/resetPassword", "/api/auth/resendConfirmationEmail",
        AuthPages.SignIn, AuthPages.SignUp, AuthPages.ForgotPassword, AuthPages.ResetPassword,
    ];

    /// <summary>Where a signed-in session checks the account's password (erasure, a password change): limited like a login, per account.</summary>
    private static readonly (string Method, string Path)[] SessionPasswordChecks = [("DELETE", "/api/me"), ("POST", "/api/auth/manage/info"), ("POST", MePages.Account)];

    /// <summary>Where <see cref="UseAccountKey"/> leaves the address an account request names, as Identity looks it up (NFKC, upper case).</summary>
    private const string AccountKey = "rate-limit:account";

    /// <summary>An account request's body is small; a bigger one is refused with 413 before it is read.</summary>
    private const int AccountBodyLimit = 16 * 1024;

    public static IServiceCollection AddMoocRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:VerificationPerMinute", 60);
        var accountPerMinute = configuration.GetValue("RateLimits:AccountPerMinute", 20);
        var perAccountPerMinute = configuration.GetValue("RateLimits:PerAccountPerMinute", 10);
        var heartbeatsPerMinute = configuration.GetValue("RateLimits:HeartbeatsPerMinute", 120);
        services.AddRateLimiter(options =>
        {
            // On the account routes, per client address (each address has its own budget, so a flood from one
            // does not stop the others) and per account named in the body, whichever runs out first: guessing one
            // password or flooding one mailbox from many addresses is slowed too. The account budget is kept for
            // addresses that exist or not alike, so a 429 tells nothing about an account.
            var perAddress = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                IsAccountRequest(http)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        "account:" + (http.Connection.RemoteIpAddress?.ToString() ?? "local"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = accountPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("none"));
            var perAccount = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                IsAccountRequest(http) && http.Items[AccountKey] is string account
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        "account-name:" + account,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perAccountPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("none"));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perAddress, perAccount);

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
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await WriteProblemAsync(
                    http,
                    StatusCodes.Status429TooManyRequests,
                    Pick("Too many requests.", "Trop de requêtes."),
                    Pick($"Try again in {retryAfter} seconds.", $"Réessayez dans {retryAfter} secondes."),
                    "https://hiparis-mooc.dev/problems/rate-limited");
            };
        });
        return services;
    }

    /// <summary>
    /// Reads the address an account request names (its JSON <c>email</c>, whatever the case of the property
    /// name or the body's charset), so that the limiter can count per account. Runs before the rate limiter;
    /// the body stays readable for the endpoint. An account request's body is small: one over
    /// 16 KB is refused here with 413, before it is buffered or parsed; one naming a key twice (in any
    /// case) with 400, since the endpoint would bind another address than the one counted.
    /// </summary>
    public static IApplicationBuilder UseAccountKey(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!IsAccountRequest(http))
        {
            await next(http);
            return;
        }

        if (http.Request.ContentLength > AccountBodyLimit)
        {
            await TooLargeAsync(http);
            return;
        }

        // In a session the account is the signed-in one, whatever the body says; the same budget as its logins.
        var inSession = IsSessionPasswordCheck(http);
        if (inSession && http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            http.Items[AccountKey] = Identity.EmailAddresses.Key(name);
        }

        if (!inSession && http.Request.HasFormContentType && !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            // A page's form names the account in a field such as "Form.Email"; the API reads JSON only.
            try
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                if (form.FirstOrDefault(field => field.Key.EndsWith("email", StringComparison.OrdinalIgnoreCase)).Value.ToString() is { Length: > 0 and <= 256 } address)
                {
                    http.Items[AccountKey] = Identity.EmailAddresses.Key(address);
                }
            }
            catch (Exception malformed) when (malformed is InvalidDataException or BadHttpRequestException)
            {
                // A malformed form: the page answers for itself.
            }
        }
        else if (http.Request.HasJsonContentType())
        {
            // A body sent without a length (chunked) is buffered up to the limit and no further.
            http.Request.EnableBuffering(AccountBodyLimit, AccountBodyLimit);
            try
            {
                var body = await http.Request.ReadFromJsonAsync<JsonElement>(ReadAsIs, http.RequestAborted);
                if (HasCollidingNames(body))
                {
                    await DuplicateAsync(http);
                    return;
                }

                if (!inSession
                    && body.ValueKind == JsonValueKind.Object
                    && body.EnumerateObject().FirstOrDefault(property => property.Name.Equals("email", StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } email
                    && email.Value.GetString() is { Length: > 0 and <= 256 } address)
                {
                    http.Items[AccountKey] = Identity.EmailAddresses.Key(address);
                }
            }
            catch (BadHttpRequestException)
            {
                // A malformed request: the endpoint answers for itself.
            }
            catch (IOException) when (!http.RequestAborted.IsCancellationRequested)
            {
                // The buffer's limit: more than an account request ever holds.
                await TooLargeAsync(http);
                return;
            }
            catch (Exception unreadable) when (unreadable is JsonException or InvalidOperationException)
            {
                // Not an account request the endpoint will accept either; it answers for itself.
            }

            http.Request.Body.Position = 0;
        }

        await next(http);
    });

    /// <summary>Duplicates are let through the parse, to be refused with an answer of their own.</summary>
    private static readonly JsonSerializerOptions ReadAsIs = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = true };

    /// <summary>Two keys of one object that differ only by case, or repeat: the binder takes the last (ADR 15).</summary>
    private static bool HasCollidingNames(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);
        return body.EnumerateObject().Any(property => !names.Add(property.Name));
    }

    /// <summary>A 400 like every other: a validation problem, the field errors under the body's name.</summary>
    private static ValueTask DuplicateAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["body"] = [Pick("Each field may appear once, in any case.", "Chaque champ ne peut figurer qu'une fois, quelle que soit la casse.")],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = Pick("The request names a field twice.", "La requête nomme un champ deux fois."),
                Type = "https://hiparis-mooc.dev/problems/duplicate-property",
            },
        });
    }

    private static ValueTask TooLargeAsync(HttpContext http) => WriteProblemAsync(
        http,
        StatusCodes.Status413PayloadTooLarge,
        Pick("The request is too large.", "La requête est trop grande."),
        Pick($"An account request holds at most {AccountBodyLimit / 1024} KB.", $"Une requête de compte contient au plus {AccountBodyLimit / 1024} Ko."),
        "https://hiparis-mooc.dev/problems/too-large");

    private static ValueTask WriteProblemAsync(HttpContext http, int status, string title, string detail, string type)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type },
        });
    }

    /// <summary>An account route, trailing slash and case aside (routing reaches the endpoint with either).</summary>
    private static bool IsAccountRequest(HttpContext http) =>
        (HttpMethods.IsPost(http.Request.Method) && AccountPaths.Contains(http.Request.Path.Value?.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
        || IsSessionPasswordCheck(http);

    private static bool IsSessionPasswordCheck(HttpContext http)
    {
        var path = http.Request.Path.Value?.TrimEnd('/');
        return SessionPasswordChecks.Any(check => HttpMethods.Equals(check.Method, http.Request.Method) && string.Equals(check.Path, path, StringComparison.OrdinalIgnoreCase));
    }
}
