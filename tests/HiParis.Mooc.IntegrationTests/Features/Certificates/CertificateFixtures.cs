using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Learning;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.IntegrationTests.Features.Certificates;

/// <summary>Learners, admins and certificates as the certificate tests need them, made through the API.</summary>
internal static class CertificateFixtures
{
    public const string Slug = "understanding-ai";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<HttpClient> LearnerAsync(this MoocApiFactory api, string email, string? displayName = null)
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, email);
        if (displayName is not null)
        {
            (await client.PatchAsJsonAsync("/api/me", new { displayName }, Ct)).EnsureSuccessStatusCode();
        }

        (await client.PostAsync(LearningApiPaths.Enrollment(Slug, "self-paced"), null, Ct)).EnsureSuccessStatusCode();
        return client;
    }

    public static async Task<HttpClient> AdminAsync(this MoocApiFactory api, string email = "admin@example.org")
    {
        var client = api.CreateClient();
        await client.RegisterAsync(email);
        await client.ConfirmEmailAsync(api.Mailbox, email);
        await api.WithScopeAsync<UserManager<User>, IdentityResult>(async users => await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, Roles.Admin));
        client.UseBearer((await client.LoginAsync(email)).AccessToken);
        return client;
    }

    /// <summary>An admin issues a certificate to the learner as an exception; returns its public record.</summary>
    public static async Task<JsonElement> IssueAsync(this HttpClient admin, string learnerEmail, string reason = "Completed the course on paper during a hospital stay")
    {
        var response = await admin.PostAsJsonAsync(CertificatesApiPaths.AdminIssue, new { email = learnerEmail, course = Slug, reason }, Ct);
        await response.EnsureSuccessWithBodyAsync();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    /// <summary>
    /// Everything a learner does to complete the shipped course, week by week (each opens 7 days after the
    /// previous one): every video watched honestly, every reading read, every quiz taken, with the listed
    /// questions answered wrong.
    /// </summary>
    public static async Task CompleteCourseAsync(this MoocApiFactory api, HttpClient learner, CoursePackage course, params string[] wrong)
    {
        var sequence = 0L;
        foreach (var (module, index) in course.Modules.Select((module, index) => (module, index)))
        {
            if (index > 0)
            {
                api.Clock.Advance(TimeSpan.FromDays(7));
            }

            foreach (var item in module.Items)
            {
                switch (item)
                {
                    case VideoLessonSpec video:
                        for (var second = 0; second < video.DurationSeconds; second += 30)
                        {
                            api.Clock.Advance(TimeSpan.FromSeconds(30));
                            var segment = new { start = second, end = Math.Min(second + 30, video.DurationSeconds) };
                            var beat = await learner.PostAsJsonAsync(LearningApiPaths.Heartbeats(Slug, video.Key), new { sequence = ++sequence, playbackRate = 1.0, segments = new[] { segment } }, Ct);
                            await beat.EnsureSuccessWithBodyAsync();
                        }

                        break;
                    case ReadingSpec reading:
                        await (await learner.PostAsync(LearningApiPaths.CompleteItem(Slug, reading.Key), null, Ct)).EnsureSuccessWithBodyAsync();
                        break;
                    case QuizSpec quiz:
                        await learner.TakeQuizAsync(Slug, quiz, wrong);
                        break;
                }
            }
        }
    }
}
