using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Api.Features.Me;
using HiParis.Mooc.Api.Infrastructure.Localization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HiParis.Mooc.Api.Features.Web;

/// <summary>
/// The learner web app in the API's host (ADR 26): Razor components rendered on the server, no WebAssembly,
/// no interactive circuit. Pages sign in with Identity's application cookie; a page that needs a learner
/// sends a stranger to the sign-in page, while <c>/api</c> keeps answering 401 ProblemDetails.
/// </summary>
public static class WebSetup
{
    public const string LanguagePath = "/language";

    public static IServiceCollection AddMoocWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = AuthPages.SignIn;
            options.ReturnUrlParameter = AuthPages.ReturnUrl;
        });
        services.AddSingleton(new PageHeaders(configuration));
        return services;
    }

    /// <summary>The headers of every page: what it may load (CSP) and that a learner's pages are not kept by caches.</summary>
    public static WebApplication UseMoocPageHeaders(this WebApplication app)
    {
        var headers = app.Services.GetRequiredService<PageHeaders>();
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                http.Response.Headers.ContentSecurityPolicy = headers.ContentSecurityPolicy;
                if (http.User.Identity?.IsAuthenticated == true)
                {
                    http.Response.Headers.CacheControl = "no-store";
                }
            }

            await next(http);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapMoocWeb(this IEndpointRouteBuilder app)
    {
        app.MapStaticAssets().ExcludeFromDescription();
        app.MapRazorComponents<App>().ExcludeFromDescription();
        app.MapPost(LanguagePath, ChooseLanguage).ExcludeFromDescription();
        return app;
    }

    /// <summary>The language switch: a cookie for this browser, and the account's language when signed in.</summary>
    private static async Task<RedirectHttpResult> ChooseLanguage(IFormCollection form, HttpContext http, Profiles profiles)
    {
        var language = form["language"].ToString();
        if (Text.SupportedLanguages.Contains(language, StringComparer.Ordinal))
        {
            CultureCookie.Write(http, language);
            if (http.User.Identity?.IsAuthenticated == true)
            {
                await profiles.SetLanguageAsync(http.User, language);
            }
        }

        return TypedResults.LocalRedirect(AuthPages.LocalOr(form["returnUrl"], "/"));
    }
}

/// <summary>The pages' Content-Security-Policy: scripts, styles and fonts of this host only; media also from a CDN when one is configured.</summary>
public sealed class PageHeaders(IConfiguration configuration)
{
    public string ContentSecurityPolicy { get; } = Policy(configuration["Media:BaseUrl"]);

    private static string Policy(string? mediaBase)
    {
        var cdn = Uri.TryCreate(mediaBase, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{cdn}; media-src 'self'{cdn}; connect-src 'self'; " +
            "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }
}
