using System.Globalization;
using System.Text;
using HiParis.Mooc.Domain.Certificates;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace HiParis.Mooc.Api.Features.Certificates.Pdf;

/// <summary>
/// The printable certificate: one A4 landscape page with the holder's name, the course, the date, the code,
/// and a QR code of the verification address. Text is real text (extractable, searchable) in whichever font of
/// <see cref="FontChain"/> has each character, so a name in any script prints whole; a long name wraps onto
/// a second line rather than shrinking to body size. French text follows French typography (<see cref="Typography"/>).
/// </summary>
public static class CertificatePdf
{
    private static readonly Lock FontLock = new();
    private static readonly XColor Navy = XColor.FromArgb(0x1B, 0x2A, 0x4A);

    public static byte[] Render(CertificateView view, string verificationUrl)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = Metadata($"{view.Labels.Heading} — {view.HolderName}");
        document.Info.Subject = Metadata(view.CourseTitle);
        document.Info.Author = IssuerProfile.Name;
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            var text = new MixedText(gfx, FontChain.Instance);
            var navy = new XSolidBrush(Navy);
            gfx.DrawRectangle(new XPen(Navy, 3), 24, 24, width - 48, height - 48);
            gfx.DrawRectangle(new XPen(XColor.FromArgb(0xC8, 0xA4, 0x4D), 1), 32, 32, width - 64, height - 64);

            text.Centered("Hi! PARIS", 14, bold: true, navy, width, 75);
            text.Centered(view.Labels.Heading, 30, bold: true, navy, width, 130);
            text.Centered(view.Labels.Certifies, 13, bold: false, XBrushes.Black, width, 175);
            var y = text.Block(view.HolderName, [28, 24, 20], bold: true, navy, width, 225);
            text.Centered(view.Labels.Completed, 13, bold: false, XBrushes.Black, width, y + 35);
            y = text.Block(Typography.Quoted(Typography.Spaced(view.CourseTitle)), [20, 18, 16], bold: true, navy, width, y + 75);
            text.Centered($"{Typography.Spaced(view.RunTitle)} · {view.IssuedOn} · {view.GradeBand}", 12, bold: false, XBrushes.Black, width, y + 32);

            text.Left($"{Typography.Colon(view.Labels.Code)} {VerificationCode.Display(view.Code)}", 12, bold: true, navy, 60, height - 90);
            text.Left(Typography.Colon(view.Labels.VerifyAt), 10, bold: false, XBrushes.Black, 60, height - 72);
            text.Left(verificationUrl, 10, bold: false, XBrushes.Black, 60, height - 58);
            DrawQrCode(gfx, verificationUrl, width - 60 - 110, height - 60 - 110, 110);
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>
    /// Text for the document's information dictionary: no control characters (a name is typed by its holder)
    /// and one line; PDFsharp writes it as a PDF text string, escaping parentheses and backslashes.
    /// </summary>
    internal static string Metadata(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            clean.Append(Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                ? " " : rune.ToString());
        }

        return string.Join(' ', clean.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
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

    private static void EnsureFonts()
    {
        lock (FontLock)
        {
            if (GlobalFontSettings.FontResolver is not FontChain)
            {
                GlobalFontSettings.FontResolver = FontChain.Instance;
            }
        }
    }
}
