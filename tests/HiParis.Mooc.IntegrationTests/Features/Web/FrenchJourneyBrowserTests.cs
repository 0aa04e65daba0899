using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Api.Features.Certificates.Pages;
using HiParis.Mooc.Api.Features.Courses.Pages;
using HiParis.Mooc.Api.Features.Learning.Pages;
using HiParis.Mooc.Api.Features.Me.Pages;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using Microsoft.Playwright;

namespace HiParis.Mooc.IntegrationTests.Features.Web;

/// <summary>
/// The same journey's key pages for a French browser, each checked by axe; and a quiz answered with the keyboard
/// alone, from the start button to the submit button, each key landing where a keyboard user expects.
/// </summary>
public sealed class FrenchJourneyBrowserTests(KestrelApiFactory api) : WebAppBrowser(api), IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task AFrenchBrowser_GetsEveryKeyPageInFrench_AndTheQuizWorksWithTheKeyboardAlone()
    {
        var page = await NewPageAsync("fr");

        await page.GotoAsync(CoursePages.Catalog);
        Assert.Equal("fr", await page.EvaluateAsync<string>("document.documentElement.lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Comprendre l'IA, avec les experts de Hi! PARIS");
        await AssertAccessibleAsync(page);
        await page.GotoAsync(CoursePages.Course(Slug));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Premiers pas en IA");
        await Assertions.Expect(page.GetByText("Gratuit, avec une note d'au moins 60 %")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await page.GotoAsync(AuthPages.SignUp);
        await page.GetByLabel("Adresse e-mail").FillAsync("helene@example.org");
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Consultez votre messagerie.");
        await AssertAccessibleAsync(page);
        Assert.Equal("Confirmez votre adresse e-mail", Api.Mailbox.MessagesTo("helene@example.org").Single().Subject);
        await page.GotoAsync(LinkFromMailbox("helene@example.org"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Merci : votre adresse e-mail est confirmée.");
        await AssertAccessibleAsync(page);

        await page.GotoAsync(AuthPages.SignIn);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Connexion");
        await AssertAccessibleAsync(page);
        await SignInAsync(page, "helene@example.org");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mon apprentissage");

        // The course in French: French video and captions, week 2's opening date in French.
        await page.GotoAsync(CoursePages.Course(Slug));
        await page.GetByRole(AriaRole.Button, new() { Name = "S'inscrire : À votre rythme" }).ClickAsync();
        await ExpectAtAsync(page, LearningPages.Item(Slug, "hello"));
        var video = page.Locator("[data-player] video");
        await video.EvaluateAsync("v => v.readyState >= 1 || new Promise(ok => v.addEventListener('loadedmetadata', ok, { once: true }))");
        Assert.EndsWith("hello.fr.webm", new Uri(await video.EvaluateAsync<string>("v => v.currentSrc")).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("fr", await video.EvaluateAsync<string>("v => [...v.textTracks].find(t => t.mode === 'showing')?.language ?? ''"));
        await Assertions.Expect(page.Locator("[data-transcript]")).ToContainTextAsync("Bienvenue dans ce cours.");
        await AssertAccessibleAsync(page);
        await page.GotoAsync(MePages.Dashboard);
        await Assertions.Expect(page.GetByText("La semaine 2 ouvre le 8 décembre 2026 à 12:00 UTC.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // The quiz, with the keyboard alone.
        await page.GotoAsync(LearningPages.Item(Slug, "check"));
        await AssertAccessibleAsync(page);
        await TabToAsync(page, "button", "Commencer le quiz");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-countdown-text]")).ToContainTextAsync("Temps restant : 15:00");
        await TabToAsync(page, "input", "answer.q1=true");
        await page.Keyboard.PressAsync("Space");
        await PressTabAsync(page, "answer.q2=a");
        await page.Keyboard.PressAsync("Space");
        await PressTabAsync(page, "answer.q3=a");
        await page.Keyboard.PressAsync("Space");
        await PressTabAsync(page, "answer.q3=b");
        await page.Keyboard.PressAsync("Space");
        await PressTabAsync(page, "answer.q3=c");
        await PressTabAsync(page, "answer.q4=");
        await page.Keyboard.TypeAsync("2");
        await PressTabAsync(page, "answer.q5=");
        await page.Keyboard.TypeAsync("Paris");
        await PressTabAsync(page, "action=submit");
        await page.Keyboard.PressAsync("Enter");

        var attempt = page.Locator("details.past").First;
        await Assertions.Expect(attempt).ToContainTextAsync("6 / 6 pt");
        await Assertions.Expect(attempt).ToContainTextAsync("réussi");
        await Assertions.Expect(attempt).ToContainTextAsync("Exact.");
        await Assertions.Expect(attempt).ToContainTextAsync("Hi! PARIS est à Paris, comme son nom l'indique.");
        await AssertAccessibleAsync(page);

        await page.GotoAsync(LearningPages.Grade(Slug));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ma note et mon certificat");
        await Assertions.Expect(page.GetByText("Note du cours : 100% ≥ 60%")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GotoAsync(CertificatePages.Mine);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mes certificats");
        await AssertAccessibleAsync(page);
        await page.GotoAsync(MePages.Account);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Effacer mon compte" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    /// <summary>Presses Tab until the focus reaches the element, within a bound: the element is reachable by keyboard.</summary>
    private static async Task TabToAsync(IPage page, string tag, string what)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await FocusedAsync(page) == $"{tag}:{what}")
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {tag} '{what}'; the focus is on {await FocusedAsync(page)}.");
    }

    /// <summary>One Tab, which must land on the next field of the form.</summary>
    private static async Task PressTabAsync(IPage page, string expected)
    {
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal($"{(expected.StartsWith("action=", StringComparison.Ordinal) ? "button" : "input")}:{expected}", await FocusedAsync(page));
    }

    /// <summary>The focused element as "button:its text" or "input:name=value" (value only for choices).</summary>
    private static Task<string> FocusedAsync(IPage page) => page.EvaluateAsync<string>(
        """
        () => {
          const e = document.activeElement;
          if (!e) return '';
          if (e.tagName === 'BUTTON') return e.name === 'action' ? `button:action=${e.value}` : `button:${e.textContent.trim()}`;
          if (e.tagName === 'INPUT') return `input:${e.name}=${e.type === 'text' ? '' : e.value}`;
          return e.tagName.toLowerCase();
        }
        """);
}
