using System.Text.RegularExpressions;
using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Api.Features.Courses.Pages;
using HiParis.Mooc.Api.Features.Learning.Pages;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using Microsoft.Playwright;

namespace HiParis.Mooc.IntegrationTests.Features.Web;

/// <summary>
/// The language switch keeps the learner's choice in the browser and in the account, over the browser's own
/// language; and the pages the French journey does not pass through (reading, practice, the password pages)
/// are French and pass axe too.
/// </summary>
public sealed class LanguageSwitchBrowserTests(KestrelApiFactory api) : WebAppBrowser(api), IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task TheLanguageSwitch_KeepsTheChoice_InThisBrowserAndOnTheNextDevice()
    {
        var page = await NewPageAsync("en");
        await SignInNewLearnerAsync(page, "lea@example.org");
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("My learning");

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();

        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Mon apprentissage");
        Assert.Equal("fr", await page.EvaluateAsync<string>("document.documentElement.lang"));
        await AssertAccessibleAsync(page);

        // The reading and the practice set, in French.
        await page.GotoAsync(CoursePages.Course(Slug));
        await page.GetByRole(AriaRole.Button, new() { Name = "S'inscrire : À votre rythme" }).ClickAsync();
        await ExpectAtAsync(page, LearningPages.Item(Slug, "hello"));
        await page.GotoAsync(LearningPages.Item(Slug, "how-it-works"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "J'ai lu ceci" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GotoAsync(LearningPages.Item(Slug, "warm-up"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Commencer l'entraînement" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Terminer l'entraînement" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // Another device whose browser asks for English: signing in brings the account's language back.
        var other = await NewPageAsync("en");
        await SignInAsync(other, "lea@example.org");
        await Assertions.Expect(Heading(other)).ToHaveTextAsync("Mon apprentissage");

        // Signed out, the password pages follow the choice too.
        await other.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await other.GotoAsync(AuthPages.ForgotPassword);
        await Assertions.Expect(Heading(other)).ToHaveTextAsync("Mot de passe oublié ?");
        await AssertAccessibleAsync(other);
        await other.GetByLabel("Adresse e-mail").FillAsync("lea@example.org");
        await other.GetByRole(AriaRole.Button, new() { Name = "M'envoyer un lien" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("nous lui avons envoyé un lien");
        await other.GotoAsync(ResetLink("lea@example.org"));
        await Assertions.Expect(Heading(other)).ToHaveTextAsync("Choisir un nouveau mot de passe");
        await AssertAccessibleAsync(other);
    }

    /// <summary>The reset link among the learner's messages (the test clock stands still: files' names do not order them).</summary>
    private string ResetLink(string email)
    {
        var body = Api.Mailbox.MessagesTo(email).Single(message => message.TextBody?.Contains(AuthPages.ResetPassword, StringComparison.Ordinal) == true).TextBody!;
        return new Uri(Regex.Match(body, @"https?://\S+").Value).PathAndQuery;
    }

    private static ILocator Heading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
}
