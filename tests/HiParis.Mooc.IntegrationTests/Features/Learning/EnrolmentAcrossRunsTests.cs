using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.IntegrationTests.Features.Learning;

/// <summary>
/// A learner has one enrolment per course (ADR 18): joining another run moves it there with its progress,
/// attempts and grades, so neither the attempts allowed nor a revocation can be escaped by changing runs.
/// </summary>
public sealed class EnrolmentAcrossRunsTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private const string Slug = "understanding-ai";
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnrollingInAnotherRun_KeepsTheAttemptsUsed_SoTheKeyShownInOneRunCannotBeUsedInTheOther()
    {
        var quiz = Shipped.GradedQuizzes().First();
        await api.ImportAsync(Shipped.WithPolicy(quiz.Key, policy => policy with { MaxAttempts = 1, ShowAnswers = ShowAnswers.AfterLastAttempt }));
        var learner = await api.LearnerAsync("two-runs@example.org");
        var taken = await learner.TakeQuizAsync(Slug, quiz, quiz.Questions[0].Key);
        Assert.True(taken.GetProperty("answersShown").GetBoolean());

        var moved = await learner.PostAsync(LearningApiPaths.Enrollment(Slug, "2027-winter"), null, Ct);
        var attempts = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Attempts(Slug, quiz.Key), Ct);
        var again = await learner.PostAsync(LearningApiPaths.Attempts(Slug, quiz.Key), null, Ct);
        var enrolments = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.MyEnrollments, Ct);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("2027-winter", (await moved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("run").GetString());
        Assert.Equal((1, false), (attempts.GetProperty("attemptsUsed").GetInt32(), attempts.GetProperty("canStart").GetBoolean()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("quiz.no-attempts-left", (await again.ReadProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(["2027-winter"], enrolments.EnumerateArray().Select(enrolment => enrolment.GetProperty("run").GetString()));
    }

    [Fact]
    public async Task ALearnerWhoseCertificateWasRevoked_GetsNoNewOne_InAnotherRun_NeitherAutomaticallyNorByClaiming()
    {
        var admin = await api.AdminAsync();
        var learner = await api.LearnerAsync("revoked@example.org");
        await api.CompleteCourseAsync(learner, Shipped);
        var code = (await learner.GetFromJsonAsync<JsonElement>(CertificatesApiPaths.MyCertificates, Ct))[0].GetProperty("certificate").GetProperty("code").GetString()!;
        (await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(code), new { reason = "Identity fraud established", category = "identity_not_confirmed" }, Ct)).EnsureSuccessStatusCode();

        (await learner.PostAsync(LearningApiPaths.Enrollment(Slug, "2027-winter"), null, Ct)).EnsureSuccessStatusCode();
        await learner.TakeQuizAsync(Slug, Shipped.GradedQuizzes().First());
        var claim = await learner.PostAsync(CertificatesApiPaths.Claim(Slug), null, Ct);

        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal("revoked", (await claim.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
        var states = await api.WithScopeAsync<MoocDbContext, List<string>>(db => db.Certificates.Select(certificate => certificate.State.ToString()).ToListAsync(Ct));
        Assert.Equal(["Revoked"], states);
    }
}
