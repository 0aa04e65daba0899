using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using HiParis.Mooc.Api.Infrastructure.Text;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// The pictures around the certificates, drawn as SVG (sharp at any size, text in any script the viewer's
/// fonts have): a course's badge (the Open Badges achievement's image) and the site's icon.
/// </summary>
internal static class CertificateImages
{
    private const string Navy = "#1b2a4a";
    private const string Gold = "#c8a44d";
    private const string Fonts = "DejaVu Sans, Noto Sans, Droid Sans Fallback, sans-serif";
    private static readonly HtmlEncoder Xml = HtmlEncoder.Create(UnicodeRanges.All);

    public const string Favicon = $"""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="{Navy}"/><circle cx="32" cy="32" r="24" fill="none" stroke="{Gold}" stroke-width="3"/><text x="32" y="41" font-family="DejaVu Sans, sans-serif" font-size="24" font-weight="bold" fill="#fff" text-anchor="middle">H!</text></svg>
        """;

    /// <summary>A rosette with the course's title, 512 × 512.</summary>
    public static string Badge(string courseTitle)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512" role="img" aria-label="{Xml.Encode(courseTitle)}">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<path d="M176 380 L136 500 L196 470 L236 500 L256 400 Z M336 380 L376 500 L316 470 L276 500 L256 400 Z" fill="{Gold}"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="256" cy="236" r="216" fill="{Navy}"/><circle cx="256" cy="236" r="196" fill="none" stroke="{Gold}" stroke-width="8"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text font-family="{Fonts}" fill="#fff" text-anchor="middle"><tspan x="256" y="128" font-size="34" font-weight="bold">Hi! PARIS</tspan><tspan x="256" y="166" font-size="20" fill="{Gold}" letter-spacing="4">CERTIFICATE</tspan></text>""");
        Lines(svg, Wrap(courseTitle, 22, 4), 256, 226, 30, 26, "#fff");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Lines(StringBuilder svg, List<string> lines, int x, int y, int step, int size, string fill)
    {
        svg.Append(CultureInfo.InvariantCulture, $"""<text font-family="{Fonts}" font-size="{size}" font-weight="bold" fill="{fill}" text-anchor="middle">""");
        for (var line = 0; line < lines.Count; line++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<tspan x="{x}" y="{y + (line * step)}">{Xml.Encode(lines[line])}</tspan>""");
        }

        svg.Append("</text>");
    }

    /// <summary>Words gathered into lines of about <paramref name="width"/> characters, the last cut with "…" past <paramref name="most"/> lines.</summary>
    private static List<string> Wrap(string text, int width, int most)
    {
        var lines = WordWrap.Lines(text, width);
        if (lines.Count > most)
        {
            var last = string.Join(' ', lines.Skip(most - 1));
            lines = [.. lines.Take(most - 1), last.Length > width ? last[..(width - 1)] + "…" : last];
        }

        return lines;
    }
}
