using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using static HiParis.Mooc.IntegrationTests.Features.Certificates.CertificateTests;

namespace HiParis.Mooc.IntegrationTests.Features.Certificates;

/// <summary>The PDF read back with poppler (<c>pdftotext</c>, <c>pdfinfo</c>), as any reader of it would.</summary>
public sealed partial class CertificatePdfTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Ada Σοφία 李小龍")]
    [InlineData("Анна Ἀθηνᾶ Müller 王芳")]
    public async Task Pdf_OfANameMixingScripts_PrintsEveryGlyph_AndStaysSmall(string name)
    {
        var pdf = await PdfAsync("mixed@example.org", name);

        var text = await RunAsync("pdftotext", pdf, "-");
        var fonts = await RunAsync("pdffonts", pdf);

        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\uFFFD", text, StringComparison.Ordinal);
        Assert.Contains("Droid", fonts, StringComparison.Ordinal);
        Assert.InRange(new FileInfo(pdf).Length, 1, 250_000);
        Directory.Delete(Path.GetDirectoryName(pdf)!, recursive: true);
    }

    [Fact]
    public async Task Pdf_OfALongName_WrapsIt_AtTheNamesOwnSize()
    {
        const string name = "Maria Alexandrovna Konstantinova-Wittelsbach de la Tour d'Auvergne y Bourbon-Parme";
        var pdf = await PdfAsync("long@example.org", name);

        var text = await RunAsync("pdftotext", pdf, "-");
        var boxes = await RunAsync("pdftotext", "-bbox", pdf, "-");

        Assert.Contains(name, Regex.Replace(text, @"\s+", " "), StringComparison.Ordinal);
        var heights = Word().Matches(boxes).Where(word => name.Split(' ').Contains(word.Groups["word"].Value))
            .Select(word => double.Parse(word.Groups["bottom"].Value, System.Globalization.CultureInfo.InvariantCulture) - double.Parse(word.Groups["top"].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(heights.Count >= 8, boxes);

        // Body text is 12 to 13 pt; the name stays at 24 pt or more (a word box is about 1.17 times the size).
        Assert.All(heights, height => Assert.True(height >= 24 * 1.1, $"a word of the name is {height:0.0} pt high"));
        var lines = Word().Matches(boxes).Where(word => name.Split(' ').Contains(word.Groups["word"].Value)).Select(word => word.Groups["top"].Value).Distinct().Count();
        Assert.Equal(2, lines);
        Directory.Delete(Path.GetDirectoryName(pdf)!, recursive: true);
    }

    [Fact]
    public async Task Pdf_InFrench_FollowsFrenchTypography()
    {
        var pdf = await PdfAsync("fr@example.org", "Hélène Boucher", "fr-FR");

        var text = await RunAsync("pdftotext", pdf, "-");

        Assert.Contains("1er décembre 2026", text, StringComparison.Ordinal);
        // Extracted, the no-break spaces read as spaces: the glyph is the space's.
        Assert.Matches(@"Code du certificat\s: ", text);
        Assert.Matches(@"Vérifiez ce certificat sur\s:", text);
        Assert.Matches(@"«\sComprendre l’IA\s:\sorigines,", text);
        Directory.Delete(Path.GetDirectoryName(pdf)!, recursive: true);
    }

    [Fact]
    public async Task Pdf_Metadata_KeepsWhatANameHolds_AsText()
    {
        await api.LearnerAsync("meta@example.org", "Placeholder");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("meta@example.org")).GetProperty("code").GetString()!;
        var reissue = await admin.PostAsJsonAsync(CertificatesApiPaths.Reissue(code), new { reason = "Name as on the passport", holderName = "Zoë (Zed)) \\ Ω <b>&amp;\u0007\nJr." }, Ct);
        var current = (await reissue.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("supersededBy").GetString()!;
        var pdf = await SaveAsync(await api.CreateClient().GetByteArrayAsync(CertificatesApiPaths.Pdf(current), Ct));

        var info = await RunAsync("pdfinfo", pdf);

        Assert.Contains("Title:           Certificate of completion — Zoë (Zed)) \\ Ω <b>&amp; Jr.\n", info, StringComparison.Ordinal);
        Assert.Contains("Author:          Hi! PARIS MOOC\n", info, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(pdf)!, recursive: true);
    }

    private async Task<string> PdfAsync(string email, string name, string language = "en-GB")
    {
        await api.LearnerAsync(email, name);
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync(email)).GetProperty("code").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Get, CertificatesApiPaths.Pdf(code));
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await api.CreateClient().SendAsync(request, Ct);
        return await SaveAsync(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    private static async Task<string> SaveAsync(byte[] bytes)
    {
        var pdf = Path.Combine(Directory.CreateTempSubdirectory("mooc-pdf-").FullName, "certificate.pdf");
        await File.WriteAllBytesAsync(pdf, bytes, Ct);
        return pdf;
    }

    [GeneratedRegex("""<word xMin="[0-9.]+" yMin="(?<top>[0-9.]+)" xMax="[0-9.]+" yMax="(?<bottom>[0-9.]+)">(?<word>[^<]*)</word>""")]
    private static partial Regex Word();
}
