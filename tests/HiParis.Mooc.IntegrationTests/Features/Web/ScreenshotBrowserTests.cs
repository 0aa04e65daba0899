using System.Net.Http.Json;
using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Api.Features.Certificates.Pages;
using HiParis.Mooc.Api.Features.Courses.Pages;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Features.Learning.Pages;
using HiParis.Mooc.Api.Features.Me.Pages;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Learning;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.Playwright;

namespace HiParis.Mooc.IntegrationTests.Features.Web;

/// <summary>
/// The main pages at a phone's width (375 px) and a desktop's (1280 px), for a learner who has finished the test
/// course: none scrolls sideways on the phone. <c>MOOC_WRITE_SCREENSHOTS=1 dotnet test</c> keeps the pictures in
/// <c>docs/screenshots/</c>, for people to look at instead of reading.
/// </summary>
public sealed class ScreenshotBrowserTests(KestrelApiFactory api) : WebAppBrowser(api), IClassFixture<KestrelApiFactory>
{
    private static readonly (string Name, string Path, bool SignedIn)[] Pages =
    [
        ("catalog", CoursePages.Catalog, false),
        ("course", CoursePages.Course(Slug), false),
        ("sign-in", AuthPages.SignIn, false),
        ("dashboard", MePages.Dashboard, true),
        ("player-video", LearningPages.Item(Slug, "hello"), true),
        ("player-quiz", LearningPages.Item(Slug, "check"), true),
        ("grade", LearningPages.Grade(Slug), true),
        ("certificates", CertificatePages.Mine, true),
        ("account", MePages.Account, true),
    ];

    [Fact]
    public async Task TheMainPages_FitAPhoneAndADesktop_WithoutScrollingSideways()
    {
        await FinishTheCourseThroughTheApiAsync("grace@example.org", "Grace Hopper");
        var folder = Environment.GetEnvironmentVariable("MOOC_WRITE_SCREENSHOTS") == "1"
            ? Path.Combine(MoocApiFactory.RepositoryRoot, "docs", "screenshots")
            : Directory.CreateTempSubdirectory("mooc-screenshots-").FullName;
        Directory.CreateDirectory(folder);
        List<string> overflowing = [];

        foreach (var width in new[] { 375, 1280 })
        {
            var visitor = await NewPageAsync(width: width, height: width < 600 ? 812 : 900);
            var learner = await NewPageAsync(width: width, height: width < 600 ? 812 : 900);
            await SignInAsync(learner, "grace@example.org");
            foreach (var (name, path, signedIn) in Pages)
            {
                var page = signedIn ? learner : visitor;
                await page.GotoAsync(path);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"))
                {
                    overflowing.Add($"{name} at {width} px");
                }

                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
            }
        }

        Assert.Empty(overflowing);
        Assert.Equal(Pages.Length * 2, Pages.Count(page => File.Exists(Path.Combine(folder, $"{page.Name}-375.png"))) + Pages.Count(page => File.Exists(Path.Combine(folder, $"{page.Name}-1280.png"))));
    }

    /// <summary>A learner who watched, read and passed, made through the API (this test is about looks, not about the journey).</summary>
    private async Task FinishTheCourseThroughTheApiAsync(string email, string name)
    {
        var client = Api.CreateClient();
        await client.SignUpAsync(Api.Mailbox, email);
        (await client.PatchAsJsonAsync("/api/me", new { displayName = name }, Ct)).EnsureSuccessStatusCode();
        await (await client.PostAsync(LearningApiPaths.Enrollment(Slug, "open"), null, Ct)).EnsureSuccessWithBodyAsync();
        var beat = new { sequence = 1, playbackRate = 1.0, segments = new[] { new { start = 0, end = 3 } } };
        await (await client.PostAsJsonAsync(LearningApiPaths.Heartbeats(Slug, "hello"), beat, Ct)).EnsureSuccessWithBodyAsync();
        await (await client.PostAsync(LearningApiPaths.CompleteItem(Slug, "how-it-works"), null, Ct)).EnsureSuccessWithBodyAsync();
        await client.TakeQuizAsync(Slug, Course.Quizzes.Single(quiz => quiz.Key == "check"), "q4");
    }
}
