using System.Globalization;

namespace HiParis.Mooc.Api.Infrastructure.Localization;

/// <summary>
/// Picks the English or French form of a message from the request's culture (set from
/// <c>Accept-Language</c> by the request localization middleware).
/// </summary>
public static class Text
{
    public static readonly string[] SupportedLanguages = ["en", "fr"];

    public static bool IsFrench => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr";

    public static string Language => IsFrench ? "fr" : "en";

    public static string Pick(string english, string french) => IsFrench ? french : english;
}
