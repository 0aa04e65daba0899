using Microsoft.AspNetCore.Localization;

namespace HiParis.Mooc.Api.Infrastructure.Localization;

/// <summary>The learner's choice of language for the pages, kept by the browser; read back by the request localization's cookie provider.</summary>
public static class CultureCookie
{
    public static void Write(HttpContext http, string language)
    {
        if (!Text.SupportedLanguages.Contains(language, StringComparer.Ordinal))
        {
            return;
        }

        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/" });
    }
}
