using System.Globalization;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// Punctuation, dates and percentages as each language sets them: in French a no-break space before a colon,
/// a narrow one inside guillemets and before « ; ! ? % », and « 1er » for the first day of a month.
/// </summary>
internal static class Typography
{
    public const char NoBreakSpace = '\u00A0';
    public const char NarrowNoBreakSpace = '\u202F';

    /// <summary>
    /// A text typed with ordinary spaces before « : ; ! ? » and inside guillemets, and straight apostrophes,
    /// with the no-break spaces and the apostrophe French sets there (a line never breaks before a colon);
    /// other languages are left as they are.
    /// </summary>
    public static string Spaced(string text)
    {
        if (!IsFrench)
        {
            return text;
        }

        var spaced = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            var previous = i > 0 ? text[i - 1] : '\0';
            spaced.Append(text[i] == '\'' ? '’' : text[i] != ' ' ? text[i] : next == ':' ? NoBreakSpace : next is ';' or '!' or '?' or '»' || previous == '«' ? NarrowNoBreakSpace : ' ');
        }

        return spaced.ToString();
    }

    public static string Colon(string label) => IsFrench ? $"{label}{NoBreakSpace}:" : $"{label}:";

    public static string Quoted(string text) => IsFrench ? $"«{NarrowNoBreakSpace}{text}{NarrowNoBreakSpace}»" : $"“{text}”";

    public static string Percent(decimal fraction)
    {
        var number = (fraction * 100m).ToString("0.#", CultureInfo.GetCultureInfo(Language));
        return IsFrench ? $"{number}{NarrowNoBreakSpace}%" : $"{number}%";
    }

    public static string Date(DateTimeOffset at)
    {
        var culture = CultureInfo.GetCultureInfo(Language);
        if (!IsFrench)
        {
            return at.ToString("MMMM d, yyyy", culture);
        }

        // The first of the month is an ordinal in French: « le 1er décembre ».
        var day = at.Day == 1 ? "1er" : at.Day.ToString(culture);
        return $"{day} {at.ToString("MMMM yyyy", culture)}";
    }
}
