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
