using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.Playwright;

namespace HiParis.Mooc.IntegrationTests.Features.Web;

/// <summary>
/// The web app in headless Chromium (Debian's <c>chromium</c>, driven by Playwright) against the API on a real
/// Kestrel port, with the small test course <c>first-steps</c> (two weeks; a 3-second video per language).
/// </summary>
public abstract class WebAppBrowser(KestrelApiFactory api) : IAsyncLifetime
{
    public const string Slug = "first-steps";
    public const string Password = AuthClientExtensions.Password;
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string PackageFolder = Path.Combine(MoocApiFactory.RepositoryRoot, "tests", "HiParis.Mooc.IntegrationTests", "Features", "Web", "first-steps");

    public static readonly CoursePackage Course = CoursePackageFixtures.Read(PackageFolder);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    protected KestrelApiFactory Api => api;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Course);

        // The videos, poster and image where the host serves media from (Media:Root), as rendered videos would be.
        foreach (var file in Directory.GetFiles(Path.Combine(PackageFolder, "media")))
        {
            var target = Path.Combine(api.MediaRoot, Slug, Path.GetFileName(file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        Assert.True(File.Exists(Chromium), $"{Chromium} is needed by the browser tests: apt-get install -y chromium");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--mute-audio", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A browser profile of its own (cookies, language), at a width and in a language.</summary>
    protected async Task<IPage> NewPageAsync(string language = "en", int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = api.ServerAddress.ToString(),
            Locale = language == "fr" ? "fr-FR" : "en-GB",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language == "fr" ? "fr-FR,fr;q=0.9" : "en-GB,en;q=0.9" },
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ReducedMotion = ReducedMotion.Reduce,
        });
        // A bound, not a pace: with every test class and other work sharing two cores, a page can take long to load.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>The e-mailed link, opened on the server under test (links name the public base URL).</summary>
    protected string LinkFromMailbox(string email) => api.Mailbox.LatestLinkTo(email).PathAndQuery;

    /// <summary>A learner made through the API (registered and confirmed), then signed in by the sign-in page.</summary>
    protected async Task SignInNewLearnerAsync(IPage page, string email)
    {
        var client = api.CreateClient();
        await client.RegisterAsync(email);
        await client.ConfirmEmailAsync(api.Mailbox, email);
        await SignInAsync(page, email);
    }

    protected static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(AuthPages.SignIn);
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await ExpectAtAsync(page, "/dashboard");
        await page.Locator("main h1").WaitForAsync();
    }

    /// <summary>
    /// Waits until the page's address ends with <paramref name="path"/> and that document has loaded. Not
    /// WaitForURLAsync: even with WaitUntil Commit, it timed out on busy cores inside Frame.WaitForLoadStateAsync
    /// although the page was there (networkidle had fired); both waits here poll instead of awaiting an event.
    /// </summary>
    protected static async Task ExpectAtAsync(IPage page, string path)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(path) + "$"), new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { Timeout = 60_000 });
    }

    /// <summary>axe-core on the page as it is: no critical and no serious violation (WCAG 2.2 AA rules and best practices).</summary>
    protected static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations.Where(violation => violation.Impact is "critical" or "serious").ToList();
        Assert.True(
            blocking.Count == 0,
            $"{page.Url}: axe found {blocking.Count} critical or serious violation(s):\n" + string.Join("\n", blocking.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"- {violation.Id} ({violation.Impact}): {violation.Help}\n" + string.Join("\n", violation.Nodes.Take(3).Select(node => $"    {node.Target}: {node.Html}"));
}
