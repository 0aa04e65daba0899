using System.Net.Http.Json;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HiParis.Mooc.IntegrationTests.Features.Certificates;

/// <summary>The API on a real Kestrel port, for a real browser.</summary>
public sealed class KestrelApiFactory : MoocApiFactory
{
    public KestrelApiFactory(TestDatabase database)
        : base(database) => UseKestrel(0);

    public Uri ServerAddress
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }
}

/// <summary>
/// What a person sees on the verification page, in headless Chromium (Debian's <c>chromium</c>, driven by
/// Playwright): a valid certificate, and a revoked one that says so.
/// </summary>
public sealed class VerificationPageBrowserTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>, IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse));
        Assert.True(File.Exists(Chromium), $"{Chromium} is needed by the browser tests: apt-get install -y chromium");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task AValidCertificate_ShowsItsHolderCourseAndDate()
    {
        await api.LearnerAsync("valid@example.org", "Katherine Johnson");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("valid@example.org")).GetProperty("code").GetString()!;
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { Locale = "en-GB" });

        var response = await page.GotoAsync(new Uri(api.ServerAddress, CertificatesApiPaths.Verify(code)).ToString());

        Assert.Equal(200, response!.Status);
        Assert.Equal("Valid certificate", await page.Locator("[role=status]").InnerTextAsync());
        Assert.Equal("Katherine Johnson", await page.Locator("[data-field=holder]").InnerTextAsync());
        Assert.StartsWith("Understanding AI", await page.Locator("[data-field=course]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("December 1, 2026", await page.Locator("[data-field=issued]").InnerTextAsync());
        Assert.Equal(code, await page.Locator("[data-field=code]").InnerTextAsync());
        Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "Download the PDF" }).IsVisibleAsync());
        Assert.Equal("rgb(11, 93, 30)", await page.Locator("[role=status]").EvaluateAsync<string>("e => getComputedStyle(e).color"));
    }

    [Fact]
    public async Task AValidCertificate_ShowsItsPicture_InAMainLandmark_WithPreviewsAndLinkedIn()
    {
        await api.LearnerAsync("share@example.org", "Dorothy Vaughan");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("share@example.org")).GetProperty("code").GetString()!;
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { Locale = "en-GB" });
        var url = new Uri(api.ServerAddress, CertificatesApiPaths.Verify(code)).ToString();

        await page.GotoAsync(url);

        Assert.Equal(1, await page.GetByRole(AriaRole.Main).CountAsync());
        var picture = page.GetByRole(AriaRole.Img);
        Assert.StartsWith("Certificate of completion of Understanding AI", await picture.GetAttributeAsync("alt"), StringComparison.Ordinal);
        Assert.True(await picture.EvaluateAsync<int>("e => e.naturalWidth") > 0, "the certificate's picture did not load under the page's policy");
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        Assert.Equal(200, (await page.APIRequest.GetAsync(new Uri(api.ServerAddress, icon).ToString())).Status);
        Assert.EndsWith(CertificatesApiPaths.Image(code), await page.Locator("meta[property='og:image']").GetAttributeAsync("content"), StringComparison.Ordinal);
        Assert.Equal("Certificate: Understanding AI: origins, regulation, industry and society", await page.Locator("meta[property='og:title']").GetAttributeAsync("content"));
        var linkedIn = new Uri((await page.GetByRole(AriaRole.Link, new() { Name = "Add to my LinkedIn profile" }).GetAttributeAsync("href"))!);
        var query = System.Web.HttpUtility.ParseQueryString(linkedIn.Query);
        Assert.Equal("www.linkedin.com", linkedIn.Host);
        Assert.Equal(("CERTIFICATION_NAME", "Hi! PARIS", "2026", "12", code), (query["startTask"], query["organizationName"], query["issueYear"], query["issueMonth"], query["certId"]));
        Assert.Equal("Certificate of completion – Understanding AI: origins, regulation, industry and society", query["name"]);
        Assert.EndsWith(CertificatesApiPaths.Verify(code), query["certUrl"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevokedCertificate_SaysSoFirst_InFrenchForAFrenchBrowser()
    {
        await api.LearnerAsync("revoked@example.org", "Hélène Martin");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("revoked@example.org")).GetProperty("code").GetString()!;
        (await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(code), new { reason = "Fraude avérée : copie du quiz de la semaine 2", category = "academic_misconduct" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { Locale = "fr-FR", ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "fr-FR,fr;q=0.9" } });

        await page.GotoAsync(new Uri(api.ServerAddress, CertificatesApiPaths.Verify(code.ToLowerInvariant())).ToString());

        var state = page.Locator("[role=status]");
        Assert.Equal("Révoqué le 1er décembre 2026. Motif\u00A0: Manquement à l'intégrité académique", await state.InnerTextAsync());
        Assert.DoesNotContain("Fraude", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("revoked", await state.GetAttributeAsync("data-state"));
        Assert.Equal("Hélène Martin", await page.Locator("[data-field=holder]").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le PDF" }).CountAsync());
        Assert.Equal("fr", await page.EvaluateAsync<string>("document.documentElement.lang"));
        Assert.Equal("rgb(138, 28, 28)", await state.EvaluateAsync<string>("e => getComputedStyle(e).color"));
    }
}
