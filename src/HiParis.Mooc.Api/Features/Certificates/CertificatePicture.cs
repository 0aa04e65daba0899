using System.Collections.Concurrent;
using HiParis.Mooc.Api.Features.Certificates.Pdf;
using SkiaSharp;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// The certificate as a 1200 × 630 PNG, the size and format link previews (Open Graph) take, drawn with the
/// same fonts as the PDF, chosen per character (<see cref="FontChain"/>), so that a name in any script shows.
/// </summary>
internal static class CertificatePicture
{
    private const int Width = 1200;
    private const int Height = 630;
    private static readonly SKColor Navy = new(0x1B, 0x2A, 0x4A);
    private static readonly SKColor Gold = new(0xC8, 0xA4, 0x4D);
    private static readonly ConcurrentDictionary<string, SKTypeface> Typefaces = new();

    public static byte[] Png(CertificateView view)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(0xFF, 0xFD, 0xF7));
        using (var border = new SKPaint { Color = Navy, Style = SKPaintStyle.Stroke, StrokeWidth = 6, IsAntialias = true })
        {
            canvas.DrawRect(20, 20, Width - 40, Height - 40, border);
            border.Color = Gold;
            border.StrokeWidth = 2;
            canvas.DrawRect(34, 34, Width - 68, Height - 68, border);
        }

        Centered(canvas, "Hi! PARIS", 26, bold: true, Navy, 95);
        Centered(canvas, view.Labels.Heading, 46, bold: true, Navy, 160);
        Centered(canvas, view.Labels.Certifies, 24, bold: false, SKColors.DimGray, 215);
        var y = Block(canvas, view.HolderName, [48, 40, 34], bold: true, Navy, 285);
        Centered(canvas, view.Labels.Completed, 24, bold: false, SKColors.DimGray, y + 50);
        Block(canvas, Typography.Quoted(Typography.Spaced(view.CourseTitle)), [32, 28], bold: true, Navy, y + 105);
        Draw(canvas, $"{view.IssuedOn} · {Domain.Certificates.VerificationCode.Display(view.Code)}", 22, bold: false, SKColors.DimGray, 70, 570);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>A centred text at the first size that keeps it on two lines, else wrapped at the last; answers its last baseline.</summary>
    private static float Block(SKCanvas canvas, string text, float[] sizes, bool bold, SKColor color, float baseline)
    {
        var size = sizes[^1];
        var lines = Wrap(text, size, bold);
        foreach (var candidate in sizes)
        {
            var wrapped = Wrap(text, candidate, bold);
            if (wrapped.Count <= 2)
            {
                (size, lines) = (candidate, wrapped);
                break;
            }
        }

        for (var line = 0; line < lines.Count; line++)
        {
            Centered(canvas, lines[line], size, bold, color, baseline + (line * size * 1.2f));
        }

        return baseline + ((lines.Count - 1) * size * 1.2f);
    }

    private static List<string> Wrap(string text, float size, bool bold)
    {
        List<string> lines = [];
        var line = "";
        foreach (var unit in MixedText.Units(text))
        {
            if (line.Length > 0 && Measure((line + unit).TrimEnd(), size, bold) > Width - 160)
            {
                lines.Add(line.TrimEnd());
                line = "";
            }

            line += line.Length == 0 ? unit.TrimStart() : unit;
        }

        return line.Length > 0 ? [.. lines, line.TrimEnd()] : lines;
    }

    private static void Centered(SKCanvas canvas, string text, float size, bool bold, SKColor color, float baseline) =>
        Draw(canvas, text, size, bold, color, (Width - Measure(text, size, bold)) / 2, baseline);

    private static void Draw(SKCanvas canvas, string text, float size, bool bold, SKColor color, float x, float baseline)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        foreach (var (family, piece) in FontChain.Instance.Runs(text))
        {
            using var font = Font(family, size, bold);
            canvas.DrawText(piece, x, baseline, SKTextAlign.Left, font, paint);
            x += font.MeasureText(piece);
        }
    }

    private static float Measure(string text, float size, bool bold) =>
        FontChain.Instance.Runs(text).Sum(run =>
        {
            using var font = Font(run.Family, size, bold);
            return font.MeasureText(run.Text);
        });

    private static SKFont Font(string family, float size, bool bold)
    {
        var resolved = FontChain.Instance.ResolveTypeface(family, bold, italic: false)!;
        var typeface = Typefaces.GetOrAdd(resolved.FaceName, face => SKTypeface.FromData(SKData.CreateCopy(FontChain.Instance.GetFont(face))));
        return new SKFont(typeface, size) { Embolden = resolved.MustSimulateBold, Subpixel = true };
    }
}
