using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace HiParis.Mooc.Api.Features.Certificates.Pdf;

/// <summary>
/// Draws a line whose characters may need several fonts (<see cref="FontChain"/>): each run in its font, on
/// one baseline; and wraps a text that does not fit, between words, or between any two characters of Chinese,
/// Japanese or Korean, which have no spaces.
/// </summary>
internal sealed class MixedText(XGraphics gfx, FontChain fonts)
{
    private const double Margin = 60;
    private readonly Dictionary<(string Family, double Size, bool Bold), XFont> _fonts = [];

    public void Centered(string text, double size, bool bold, XBrush brush, double pageWidth, double baseline) =>
        Draw(text, size, bold, brush, (pageWidth - Width(text, size, bold)) / 2, baseline);

    public void Left(string text, double size, bool bold, XBrush brush, double x, double baseline) => Draw(text, size, bold, brush, x, baseline);

    /// <summary>
    /// A centred text at the first size whose lines are at most two, else at the last size on as many lines as
    /// it takes (never shrunk further, never cut); answers the baseline of its last line.
    /// </summary>
    public double Block(string text, double[] sizes, bool bold, XBrush brush, double pageWidth, double baseline)
    {
        var available = pageWidth - (2 * Margin);
        var size = sizes[^1];
        var lines = Wrap(text, size, bold, available);
        foreach (var candidate in sizes)
        {
            var wrapped = Wrap(text, candidate, bold, available);
            if (wrapped.Count <= 2)
            {
                (size, lines) = (candidate, wrapped);
                break;
            }
        }

        for (var line = 0; line < lines.Count; line++)
        {
            Centered(lines[line], size, bold, brush, pageWidth, baseline + (line * size * 1.2));
        }

        return baseline + ((lines.Count - 1) * size * 1.2);
    }

    public double Width(string text, double size, bool bold) =>
        fonts.Runs(text).Sum(run => gfx.MeasureString(run.Text, Font(run.Family, size, bold)).Width);

    private void Draw(string text, double size, bool bold, XBrush brush, double x, double baseline)
    {
        foreach (var (family, piece) in fonts.Runs(text))
        {
            var font = Font(family, size, bold);
            gfx.DrawString(piece, font, brush, new XPoint(x, baseline), XStringFormats.BaseLineLeft);
            x += gfx.MeasureString(piece, font).Width;
        }
    }

    private List<string> Wrap(string text, double size, bool bold, double available)
    {
        List<string> lines = [];
        var line = new StringBuilder();
        foreach (var unit in Units(text))
        {
            var candidate = line + unit;
            if (line.Length > 0 && Width(candidate.TrimEnd(), size, bold) > available)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
            }

            line.Append(line.Length == 0 ? unit.TrimStart() : unit);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString().TrimEnd());
        }

        return lines;
    }

    /// <summary>Pieces a line may break after: a word with its space, or a single ideograph, kana or hangul syllable.</summary>
    internal static IEnumerable<string> Units(string text)
    {
        var unit = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (IsCjk(Rune.GetRuneAt(element, 0)))
            {
                if (unit.Length > 0)
                {
                    yield return unit.ToString();
                    unit.Clear();
                }

                yield return element;
                continue;
            }

            unit.Append(element);
            if (element == " ")
            {
                yield return unit.ToString();
                unit.Clear();
            }
        }

        if (unit.Length > 0)
        {
            yield return unit.ToString();
        }
    }

    private static bool IsCjk(Rune rune) => rune.Value is (>= 0x2E80 and <= 0x9FFF) or (>= 0xAC00 and <= 0xD7AF) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF00 and <= 0xFFEF) or (>= 0x20000 and <= 0x3FFFF);

    private XFont Font(string family, double size, bool bold)
    {
        if (!_fonts.TryGetValue((family, size, bold), out var font))
        {
            font = new XFont(family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));
            _fonts[(family, size, bold)] = font;
        }

        return font;
    }
}
