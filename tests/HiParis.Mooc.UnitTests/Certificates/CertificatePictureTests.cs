using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Api.Features.Certificates.Pdf;
using HiParis.Mooc.Domain.Certificates;
using SkiaSharp;

namespace HiParis.Mooc.UnitTests.Certificates;

public sealed class CertificatePictureTests
{
    private static CertificateView View(string holder) => new(
        "7KQ2M9XD4HT0ZB6R",
        CertificateState.Issued,
        holder,
        "understanding-ai",
        "Understanding AI: origins, regulation, industry and society",
        "self-paced",
        "Self-paced, always open",
        "December 1, 2026",
        "Pass",
        new CertificateLabels("Certificate of completion", "This certifies that", "has successfully completed the course", "Certificate code", "Verify this certificate at"));

    [Fact]
    public void Png_IsTheSizeLinkPreviewsTake_AndInksEveryScriptOfTheName()
    {
        var latin = CertificatePicture.Png(View("Ada"));
        var mixed = CertificatePicture.Png(View("Ada Σοφία 李小龍"));

        using var plain = SKBitmap.Decode(latin);
        using var picture = SKBitmap.Decode(mixed);
        Assert.Equal((1200, 630), (picture.Width, picture.Height));

        // The Greek and Chinese words sit right of "Ada" on the name's line: ink there, none on the Latin-only picture.
        Assert.True(Ink(picture, 660, 1000, 240, 290) > 200, "nothing drawn where the Greek and Chinese words go");
        Assert.Equal(0, Ink(plain, 660, 1000, 240, 290));
    }

    [Fact]
    public void FontChain_DrawsEachCharacterWithAFontThatHasIt()
    {
        var runs = FontChain.Instance.Runs("Ada Σοφία Анна 李小龍");

        Assert.Equal([("DejaVu Sans", "Ada Σοφία Анна "), ("Droid Sans Fallback", "李小龍")], runs);
    }

    /// <summary>Dark pixels in a rectangle.</summary>
    private static int Ink(SKBitmap bitmap, int left, int right, int top, int bottom)
    {
        var count = 0;
        for (var x = left; x < right; x++)
        {
            for (var y = top; y < bottom; y++)
            {
                var pixel = bitmap.GetPixel(x, y);
                count += pixel.Red + pixel.Green + pixel.Blue < 300 ? 1 : 0;
            }
        }

        return count;
    }
}
