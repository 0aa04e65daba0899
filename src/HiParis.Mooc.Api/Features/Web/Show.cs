using System.Globalization;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Web;

/// <summary>Dates, times, shares and durations as the pages print them, in the request's language.</summary>
public static class Show
{
    private static CultureInfo Culture => CultureInfo.GetCultureInfo(Language);

    public static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString(IsFrench ? "d MMMM yyyy" : "MMMM d, yyyy", Culture);

    /// <summary>A date and time in UTC, said so: the platform does not know the learner's time zone.</summary>
    public static string DateTime(DateTimeOffset at) =>
        at.ToUniversalTime().ToString(IsFrench ? "d MMMM yyyy 'à' HH:mm 'UTC'" : "MMMM d, yyyy, HH:mm 'UTC'", Culture);

    /// <summary>The machine-readable form for a <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A share (0.58) as a percentage: "58%" in English, "58 %" in French.</summary>
    public static string Percent(decimal share) => share.ToString(Math.Round(share * 100, 1, MidpointRounding.AwayFromZero) % 1 == 0 ? "P0" : "P1", Culture);

    public static string Percent(double share) => Percent((decimal)share);

    public static string Number(decimal value) => value.ToString("0.##", Culture);

    public static string Minutes(int minutes) => minutes < 60
        ? Pick($"{minutes} min", $"{minutes} min")
        : Pick($"{minutes / 60} h {minutes % 60:00}", $"{minutes / 60} h {minutes % 60:00}");

    /// <summary>A position in a video, 75 → "1:15".</summary>
    public static string Clock(double seconds) => TimeSpan.FromSeconds(Math.Floor(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
}
