using HiParis.Mooc.Api.Features.Courses.Pages;
using HiParis.Mooc.Api.Features.Learning.Pages;
using HiParis.Mooc.Api.Features.Me.Pages;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using Microsoft.Playwright;

namespace HiParis.Mooc.IntegrationTests.Features.Web;

/// <summary>
/// A newcomer takes the whole test course in the browser, in English: sign up, confirm from the e-mail, sign in,
/// enrol, watch the video to the end (the page's own player reports what was played), read, practise, pass the
/// quiz, and find the certificate on the dashboard and its verification page; axe checks every page on the way.
/// </summary>
public sealed class LearnerJourneyBrowserTests(KestrelApiFactory api) : WebAppBrowser(api), IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task ANewLearner_SignsUpWatchesReadsAndPasses_AndGetsTheCertificate()
    {
        var page = await NewPageAsync();

        // The catalog and the course page, with its trailer.
        await page.GotoAsync(CoursePages.Catalog);
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "First steps in AI" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "First steps in AI", Level = 1 })).ToBeVisibleAsync();
        Assert.True(await page.Locator("video source").CountAsync() > 0, "The trailer has no source.");
        await AssertAccessibleAsync(page);

        // Sign up, confirm from the mailbox, sign in.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await page.GetByLabel("E-mail address").FillAsync("ada@example.org");
        await page.GetByLabel("Your name (optional)").FillAsync("Ada Lovelace");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Check your inbox");
        await AssertAccessibleAsync(page);

        await page.GotoAsync(LinkFromMailbox("ada@example.org"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("your e-mail address is confirmed");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await SignInAsync(page, "ada@example.org");
        await Assertions.Expect(page.GetByText("You are not enrolled in a course yet.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // Enrol: the course opens on its first item, the video, with English captions showing.
        await page.GotoAsync(CoursePages.Course(Slug));
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol: Self-paced" }).ClickAsync();
        await ExpectAtAsync(page, LearningPages.Item(Slug, "hello"));
        await AssertAccessibleAsync(page);
        var video = page.Locator("[data-player] video");
        await video.EvaluateAsync("v => v.readyState >= 1 || new Promise(ok => v.addEventListener('loadedmetadata', ok, { once: true }))");
        Assert.Equal("en", await video.EvaluateAsync<string>("v => [...v.textTracks].find(t => t.mode === 'showing')?.language ?? ''"));

        // Watch it: play from the keyboard and wait; the player's heartbeats complete the lesson.
        await video.FocusAsync();
        await page.Keyboard.PressAsync("k");
        await Assertions.Expect(page.Locator("[data-player]")).ToHaveAttributeAsync("data-lesson-state", "completed", new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("[data-status]")).ToHaveTextAsync("Lesson completed.");

        // Read the reading.
        await page.GetByRole(AriaRole.Link, new() { Name = "Next", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How the course works", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "I have read this" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You have read this.")).ToBeVisibleAsync();

        // Practise: an answer is checked at once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Next", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start practising" }).ClickAsync();
        await page.Locator("#open-q-p1").GetByLabel("False").CheckAsync();
        await page.Locator("#open-q-p1").GetByRole(AriaRole.Button, new() { Name = "Check my answer" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-result-for=p1]")).ToContainTextAsync("Right");
        await Assertions.Expect(page.Locator("[data-result-for=p1]")).ToContainTextAsync("Only the quiz counts.");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Finish practising" }).ClickAsync();

        // The quiz: every kind of question, answered right, saved as it goes, then submitted.
        await page.GotoAsync(LearningPages.Item(Slug, "check"));
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the quiz" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-countdown-text]")).ToContainTextAsync("Time left: 15:00");
        await page.Locator("#open-q-q1").GetByLabel("True").CheckAsync();
        await page.Locator("#open-q-q2").GetByLabel("A video").CheckAsync();
        await page.Locator("#open-q-q3").GetByLabel("A video").CheckAsync();
        await page.Locator("#open-q-q3").GetByLabel("A reading").CheckAsync();
        await page.Locator("#open-q-q4").GetByLabel("Your answer (a number)").FillAsync("2");
        await page.Locator("#open-q-q5").GetByLabel("Your answer").FillAsync("Paris");
        await page.Locator("#open-q-q5 input").BlurAsync();
        await Assertions.Expect(page.Locator("[data-save-status]")).ToContainTextAsync("Answers saved at");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" }).ClickAsync();
        var attempt = page.Locator("details.past").First;
        await Assertions.Expect(attempt).ToContainTextAsync("6 / 6 pt");
        await Assertions.Expect(attempt).ToContainTextAsync("passed");
        await Assertions.Expect(attempt).ToContainTextAsync("Hi! PARIS is in Paris, as its name says.");
        await AssertAccessibleAsync(page);

        // The grade, the dashboard with the certificate, and the certificate's public page.
        await page.GotoAsync(LearningPages.Grade(Slug));
        await Assertions.Expect(page.GetByText("You meet every rule")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GotoAsync(MePages.Dashboard);
        await Assertions.Expect(page.GetByText("Certificate earned on December 1, 2026.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Certificates", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download the PDF" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GotoAsync(MePages.Dashboard);
        await page.GetByRole(AriaRole.Link, new() { Name = "Verification page" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Valid certificate");
        await Assertions.Expect(page.Locator("[data-field=holder]")).ToHaveTextAsync("Ada Lovelace");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task SeekingToTheEnd_PlaysOnlyTheLastMoment_AndTheLessonDoesNotComplete()
    {
        var page = await NewPageAsync();
        await SignInNewLearnerAsync(page, "skipper@example.org");
        await page.GotoAsync(CoursePages.Course(Slug));
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol: Self-paced" }).ClickAsync();
        await ExpectAtAsync(page, LearningPages.Item(Slug, "hello"));
        var video = page.Locator("[data-player] video");
        await video.EvaluateAsync("v => v.readyState >= 1 || new Promise(ok => v.addEventListener('loadedmetadata', ok, { once: true }))");

        // What a learner does who drags the slider to the end: the video plays its last fifth of a second.
        await video.EvaluateAsync("v => { v.currentTime = v.duration - 0.2; return v.play(); }");
        await Assertions.Expect(page.Locator("[data-player]")).ToHaveAttributeAsync("data-lesson-state", "in_progress", new() { Timeout = 45_000 });

        Assert.True(await video.EvaluateAsync<bool>("v => v.ended"));
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync("Watched: ");
        await page.ReloadAsync();
        Assert.Equal("in_progress", await page.Locator("[data-player]").GetAttributeAsync("data-lesson-state"));
        await Assertions.Expect(page.Locator("nav[aria-label='Course outline'] a[aria-current=page]")).ToContainTextAsync("in progress");
    }
}
