using System.Globalization;
using System.IO.Compression;
using HiParis.Mooc.Api.Features.Certificates;

namespace HiParis.Mooc.UnitTests.Certificates;

public sealed class TypographyTests
{
    [Theory]
    [InlineData("en", "Certificate code:", "December 1, 2026", "“Understanding AI: origins”", "60%")]
    [InlineData("fr", "Code du certificat\u00A0:", "1er décembre 2026", "«\u202FComprendre l’IA\u00A0: origines\u202F»", "60\u202F%")]
    public void Typography_InEachLanguage_SetsPunctuationDatesAndPercentages(string language, string colon, string date, string quoted, string percent)
    {
        using var culture = new CultureScope(language);

        Assert.Equal(colon, Typography.Colon(language == "fr" ? "Code du certificat" : "Certificate code"));
        Assert.Equal(date, Typography.Date(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)));
        Assert.Equal(quoted, Typography.Quoted(Typography.Spaced(language == "fr" ? "Comprendre l'IA : origines" : "Understanding AI: origins")));
        Assert.Equal(percent, Typography.Percent(0.6m));
    }

    [Fact]
    public void Date_InFrench_IsAnOrdinalOnlyOnTheFirst()
    {
        using var culture = new CultureScope("fr");

        Assert.Equal("2 décembre 2026", Typography.Date(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void StatusListEncode_SetsTheLeftmostBitFirst_OverTheMinimumSize()
    {
        var encoded = StatusLists.Encode([0, 9, 131_071]);

        using var gzip = new GZipStream(new MemoryStream(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(encoded[1..])), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        var bytes = bits.ToArray();
        Assert.Equal('u', encoded[0]);
        Assert.Equal(16_384, bytes.Length);
        Assert.Equal((0x80, 0x40, 0x01), (bytes[0], bytes[1], bytes[^1]));
        Assert.Equal(3, bytes.Sum(b => System.Numerics.BitOperations.PopCount(b)));
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _before = CultureInfo.CurrentUICulture;

        public CultureScope(string language) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);

        public void Dispose() => CultureInfo.CurrentUICulture = _before;
    }
}
