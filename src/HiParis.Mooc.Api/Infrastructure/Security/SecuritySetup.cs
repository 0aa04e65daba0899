using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Security;

/// <summary>
/// The hosts the platform answers for (outside Development, the public one and loopback), response headers
/// every answer carries, HSTS outside Development, and CSRF protection for cookie
/// sessions: a state-changing request authenticated by the cookie must carry <c>X-CSRF: 1</c>, a header
/// a cross-site form cannot send and a cross-site script cannot add without a CORS preflight this API
/// never grants. Bearer-token requests need nothing: a browser never attaches tokens by itself. The web app's
/// forms carry an antiforgery token instead, which their endpoints validate (ADR 26).
/// </summary>
public static class SecuritySetup
{
    public const string CsrfHeader = "X-CSRF";

    public const string CookieName = "mooc.auth";

    public static IServiceCollection AddMoocSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // A body naming a field twice (in any case) is refused, not read as its last occurrence (ADR 15).
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.AllowDuplicateProperties = false);
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });

        // Host filtering runs in our pipeline (UseMoocAllowedHosts), where a refusal becomes ProblemDetails, not first of all.
        if (services.FirstOrDefault(service => service.ServiceType == typeof(IStartupFilter) && service.ImplementationType?.Name == "HostFilteringStartupFilter") is { } builtIn)
        {
            services.Remove(builtIn);
        }

        services.PostConfigure<HostFilteringOptions>(options =>
        {
            options.IncludeFailureMessage = false;

            // Outside Development, unless AllowedHosts says otherwise: the public host, and loopback for probes on the machine.
            if (string.IsNullOrWhiteSpace(configuration["AllowedHosts"]) && !environment.IsDevelopment())
            {
                options.AllowedHosts = [new Uri(PublicBaseUrl.From(configuration)).IdnHost, "localhost", "127.0.0.1", "[::1]"];
            }
        });
        return services;
    }

    /// <summary>A request naming another host in <c>Host</c> answers 400 (ProblemDetails, written by the status-code pages).</summary>
    public static WebApplication UseMoocAllowedHosts(this WebApplication app)
    {
        app.UseHostFiltering();
        return app;
    }

    public static WebApplication UseMoocSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            await next(http);
        });
        return app;
    }

    /// <summary>Goes after authentication: it needs to know how the request was signed in.</summary>
    public static WebApplication UseMoocCsrfProtection(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var method = http.Request.Method;
            var unsafeMethod = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
            // What signed the request in is the scheme of its ticket, not the headers it carries: a cookie
            // session with any Authorization header that is not a valid bearer token is still a cookie session.
            var byBearer = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme
                ?.StartsWith(IdentityConstants.BearerScheme, StringComparison.Ordinal) == true;
            var byCookie = http.User.Identity?.IsAuthenticated == true && !byBearer;
            var validatesToken = http.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true };
            if (unsafeMethod && byCookie && !validatesToken && http.Request.Headers[CsrfHeader] != "1")
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status403Forbidden,
                        Title = Pick("Missing CSRF header.", "En-tête CSRF manquant."),
                        Detail = Pick($"A request signed in by cookie that changes something must send '{CsrfHeader}: 1'.", $"Une requête authentifiée par cookie qui modifie quelque chose doit envoyer « {CsrfHeader}: 1 »."),
                        Type = "https://hiparis-mooc.dev/problems/csrf",
                    },
                });
                return;
            }

            await next(http);
        });
        return app;
    }
}
