using HiParis.Mooc.Domain.Certificates;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// The printable certificate: one A4 landscape page with the holder's name, the course, the date, the
/// code, and a QR code of the verification address. Text is real text (extractable, searchable), in
/// DejaVu Sans, embedded in the assembly so the PDF looks the same on every machine.
/// </summary>
public static class CertificatePdf
{
    private const string Family = "DejaVu Sans";
    private static readonly Lock FontLock = new();

    public static byte[] Render(CertificateView view, string verificationUrl)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"{view.Labels.Heading} — {view.HolderName}";
        document.Info.Subject = view.CourseTitle;
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            var navy = new XSolidBrush(XColor.FromArgb(0x1B, 0x2A, 0x4A));
            gfx.DrawRectangle(new XPen(XColor.FromArgb(0x1B, 0x2A, 0x4A), 3), 24, 24, width - 48, height - 48);
            gfx.DrawRectangle(new XPen(XColor.FromArgb(0xC8, 0xA4, 0x4D), 1), 32, 32, width - 64, height - 64);

            Centered(gfx, "Hi! PARIS", new XFont(Family, 14, XFontStyleEx.Bold), navy, width, 70);
            Centered(gfx, view.Labels.Heading, new XFont(Family, 30, XFontStyleEx.Bold), navy, width, 120);
            Centered(gfx, view.Labels.Certifies, new XFont(Family, 13, XFontStyleEx.Regular), XBrushes.Black, width, 170);
            Centered(gfx, view.HolderName, Fitting(gfx, view.HolderName, 28, XFontStyleEx.Bold, width - 100), navy, width, 215);
            Centered(gfx, view.Labels.Completed, new XFont(Family, 13, XFontStyleEx.Regular), XBrushes.Black, width, 260);
            Centered(gfx, view.CourseTitle, Fitting(gfx, view.CourseTitle, 20, XFontStyleEx.Bold, width - 100), navy, width, 300);
            Centered(gfx, $"{view.RunTitle} · {view.IssuedOn} · {view.GradeBand}", new XFont(Family, 12, XFontStyleEx.Regular), XBrushes.Black, width, 335);

            var small = new XFont(Family, 10, XFontStyleEx.Regular);
            gfx.DrawString($"{view.Labels.Code}: {VerificationCode.Display(view.Code)}", new XFont(Family, 12, XFontStyleEx.Bold), navy, new XPoint(60, height - 90));
            gfx.DrawString($"{view.Labels.VerifyAt}:", small, XBrushes.Black, new XPoint(60, height - 72));
            gfx.DrawString(verificationUrl, small, XBrushes.Black, new XPoint(60, height - 58));

            DrawQrCode(gfx, verificationUrl, width - 60 - 110, height - 60 - 110, 110);
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>The QR code drawn as vector squares (sharp at any zoom), its quiet zone included.</summary>
    private static void DrawQrCode(XGraphics gfx, string text, double x, double y, double size)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var module = size / modules.Count;
        gfx.DrawRectangle(XBrushes.White, x, y, size, size);
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules[row].Count; column++)
            {
                if (modules[row][column])
                {
                    // A hair wider than the module, so that neighbours leave no seam when rendered.
                    gfx.DrawRectangle(XBrushes.Black, x + (column * module), y + (row * module), module + 0.05, module + 0.05);
                }
            }
        }
    }

    /// <summary>The font at the given size, or smaller (down to 9 pt) until the text fits the width: a long name is never cut.</summary>
    private static XFont Fitting(XGraphics gfx, string text, double size, XFontStyleEx style, double width)
    {
        var font = new XFont(Family, size, style);
        while (size > 9 && gfx.MeasureString(text, font).Width > width)
        {
            size -= 1;
            font = new XFont(Family, size, style);
        }

        return font;
    }

    private static void Centered(XGraphics gfx, string text, XFont font, XBrush brush, double width, double y) =>
        gfx.DrawString(text, font, brush, new XRect(40, y - 20, width - 80, 40), XStringFormats.Center);

    private static void EnsureFonts()
    {
        lock (FontLock)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
        }
    }

    /// <summary>Resolves every family to the DejaVu Sans faces embedded in this assembly.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans", mustSimulateBold: false, mustSimulateItalic: italic);

        public byte[] GetFont(string faceName)
        {
            using var stream = typeof(CertificatePdf).Assembly.GetManifestResourceStream($"fonts/{faceName}.ttf")
                ?? throw new InvalidOperationException($"The font {faceName} is not embedded.");
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            return bytes.ToArray();
        }
    }
}
