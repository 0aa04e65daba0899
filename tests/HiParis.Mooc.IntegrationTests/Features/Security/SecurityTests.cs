using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using HiParis.Mooc.Api.Features.Auth;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HiParis.Mooc.IntegrationTests.Features.Security;

/// <summary>The API with abuse limits small enough to reach in a test.</summary>
public sealed class LowLimitsApiFactory(TestDatabase database) : MoocApiFactory(database)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:AccountPerMinute", "8");
        builder.UseSetting("RateLimits:HeartbeatsPerMinute", "3");
    }
}

/// <summary>The API with a small budget per account and none worth speaking of per address.</summary>
public sealed class LowAccountLimitApiFactory(TestDatabase database) : MoocApiFactory(database)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:PerAccountPerMinute", "3");
    }
}

public sealed partial class SecurityTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegisteringATakenAddress_AnswersLikeANewOne_AndTellsTheOwner()
    {
        var owner = api.CreateClient();
        await owner.RegisterAsync("taken@example.org");
        var ownerMails = api.Mailbox.MessagesTo("taken@example.org").Count;

        var again = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = "taken@example.org", password = "another long passphrase" }, Ct);
        var fresh = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = "fresh@example.org", password = "another long passphrase" }, Ct);

        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(ownerMails + 1, api.Mailbox.MessagesTo("taken@example.org").Count);
        Assert.Equal(2, await api.CountRowsAsync("users"));
    }

    [Fact]
    public async Task ReadingTheTwoFactorStatus_KeepsTheSession_ButANewAuthenticatorKeyEndsIt()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "careful@example.org");

        var status = await client.PostAsJsonAsync("/api/auth/manage/2fa", new { }, Ct);
        var afterStatus = await client.GetAsync("/api/me", Ct);
        var reset = await client.PostAsJsonAsync("/api/auth/manage/2fa", new { resetSharedKey = true }, Ct);
        var afterReset = await client.GetAsync("/api/me", Ct);

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterStatus.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReset.StatusCode);
    }

    [Fact]
    public async Task ACookieSession_MustSendTheCsrfHeader_ToChangeAnything()
    {
        // The session cookie is Secure outside Development: it only travels over https.
        var client = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        await client.RegisterAsync("cookie@example.org");
        await client.ConfirmEmailAsync(api.Mailbox, "cookie@example.org");
        (await client.PostAsJsonAsync(AuthApiPaths.Login + "?useCookies=true", new { email = "cookie@example.org", password = AuthClientExtensions.Password }, Ct)).EnsureSuccessStatusCode();

        var read = await client.GetAsync("/api/me", Ct);
        var forged = await client.PostAsync(LearningApiPaths.Enrollment("understanding-ai", "self-paced"), null, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, LearningApiPaths.Enrollment("understanding-ai", "self-paced"));
        request.Headers.Add("X-CSRF", "1");
        var genuine = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("https://hiparis-mooc.dev/problems/csrf", (await forged.ReadProblemAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Created, genuine.StatusCode);
        Assert.Equal(1, await api.CountRowsAsync("enrollments"));
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_AndHstsOverHttps()
    {
        var https = api.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://mooc.example.org") });

        var response = await https.GetAsync("/api/courses", Ct);
        var problem = await api.CreateClient().GetAsync("/api/no-such-route", Ct);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", problem.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task ALockedOutOwner_GetsBackInByResettingThePassword()
    {
        var owner = api.CreateClient();
        await owner.SignUpAsync(api.Mailbox, "victim@example.org");
        for (var i = 0; i < 5; i++)
        {
            await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "victim@example.org", password = "an attacker's guess" }, Ct);
        }

        var locked = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "victim@example.org", password = AuthClientExtensions.Password }, Ct);
        api.Mailbox.Clear();
        (await api.CreateClient().PostAsJsonAsync(AuthApiPaths.ForgotPassword, new { email = "victim@example.org" }, Ct)).EnsureSuccessStatusCode();
        var code = ResetCode().Match(api.Mailbox.MessagesTo("victim@example.org").Single().TextBody ?? "").Value;
        var reset = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.ResetPassword, new { email = "victim@example.org", resetCode = code, newPassword = "a brand new passphrase" }, Ct);
        var back = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "victim@example.org", password = "a brand new passphrase" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [GeneratedRegex(@"[A-Za-z0-9_-]{20,}")]
    private static partial Regex ResetCode();
}

/// <summary>Alone in its class (and factory): the limits count real minutes, per client address.</summary>
public sealed class RateLimitTests(LowLimitsApiFactory api) : IClassFixture<LowLimitsApiFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AccountRoutes_AndHeartbeats_AreRateLimited_With429AndRetryAfter()
    {
        // Sign-up spends 2 of the 8 account requests (register, login); 6 wrong logins spend the rest.
        var learner = api.CreateClient();
        await learner.SignUpAsync(api.Mailbox, "limited@example.org");
        (await learner.PostAsync(LearningApiPaths.Enrollment("understanding-ai", "self-paced"), null, Ct)).EnsureSuccessStatusCode();
        var attempts = new List<HttpResponseMessage>();
        for (var i = 0; i < 7; i++)
        {
            attempts.Add(await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "nobody@example.org", password = "wrong password here" }, Ct));
        }

        var beats = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(10));
            beats.Add(await learner.PostAsJsonAsync(LearningApiPaths.Heartbeats("understanding-ai", "origins-thinking-machines"), new { sequence = i, playbackRate = 1.0, segments = new[] { new { start = i * 10, end = (i * 10) + 10 } } }, Ct));
        }

        Assert.All(attempts.Take(6), response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        var limited = attempts[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        await limited.ReadProblemAsync();
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.All(beats.Take(3), response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, beats[^1].StatusCode);
    }
}

public sealed class AccountRateLimitTests(LowAccountLimitApiFactory api) : IClassFixture<LowAccountLimitApiFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneAccount_IsRateLimited_WhateverTheAddressAndWhetherItExists()
    {
        // Made directly, so that the account's budget is whole when the test starts.
        var created = await api.WithScopeAsync<UserManager<User>, IdentityResult>(users =>
            users.CreateAsync(new User { UserName = "victim@example.org", Email = "victim@example.org", EmailConfirmed = true }, AuthClientExtensions.Password));
        Assert.True(created.Succeeded);

        // Spread over many clients, as a botnet would; the e-mail's case and blanks change nothing.
        string[] spellings = ["victim@example.org", "VICTIM@example.org", "Victim@Example.org", " victim@example.org "];
        var resets = new List<HttpResponseMessage>();
        foreach (var email in spellings)
        {
            resets.Add(await api.CreateClient().PostAsJsonAsync(AuthApiPaths.ForgotPassword, new { email }, Ct));
        }

        var ghosts = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            ghosts.Add(await api.CreateClient().PostAsJsonAsync(AuthApiPaths.ForgotPassword, new { email = "ghost@example.org" }, Ct));
        }

        var someoneElse = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.ForgotPassword, new { email = "someone@example.org" }, Ct);
        var login = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "victim@example.org", password = AuthClientExtensions.Password }, Ct);

        Assert.All(resets.Take(3), response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, resets[^1].StatusCode);
        Assert.True(resets[^1].Headers.Contains("Retry-After"));
        await resets[^1].ReadProblemAsync();
        Assert.Equal(resets.Select(response => response.StatusCode), ghosts.Select(response => response.StatusCode));
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode);
        Assert.Equal(3, api.Mailbox.MessagesTo("victim@example.org").Count);
    }

    [Fact]
    public async Task TheAccountBudget_CannotBeDodged_ByCompatibilityCharacters()
    {
        // The Kelvin sign and full-width letters fold (NFKC) to the plain address: one account, one budget.
        string[] spellings = ["kate@example.org", "\u212Aate@example.org", "\uFF4Bate@example.org", "KATE@example.org"];
        var answers = new List<HttpStatusCode>();
        foreach (var email in spellings)
        {
            answers.Add((await api.CreateClient().PostAsJsonAsync(AuthApiPaths.ForgotPassword, new { email }, Ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task PasswordChecksInsideASession_AreRateLimitedPerAccount()
    {
        var created = await api.WithScopeAsync<UserManager<User>, IdentityResult>(users =>
            users.CreateAsync(new User { UserName = "session@example.org", Email = "session@example.org", EmailConfirmed = true }, AuthClientExtensions.Password));
        Assert.True(created.Succeeded);
        var client = api.CreateClient();
        client.UseBearer((await client.LoginAsync("session@example.org")).AccessToken);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            answers.Add((await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password = "a wrong guess here" }) }, Ct)).StatusCode);
        }

        var limited = await client.PostAsJsonAsync(AuthApiPaths.ManageInfo, new { oldPassword = "another wrong guess", newPassword = "a brand new passphrase" }, Ct);

        // The login spent the first of the account's three requests.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        await limited.ReadProblemAsync();
    }

    [Fact]
    public async Task TheAccountBudget_CannotBeDodged_ByTheNameCase_ATrailingSlash_TheCharset_OrPadding()
    {
        // Spelled five ways; only three may pass.
        var bodies = new List<HttpContent>
        {
            new StringContent("""{"Email": "dodger@example.org"}""", Encoding.UTF8, "application/json"),
            new StringContent("""{"EMAIL": "dodger@example.org"}""", Encoding.UTF8, "application/json"),
            new StringContent("""{"email": "dodger@example.org"}""", Encoding.Unicode, "application/json"),
            new StringContent("""{"email": "dodger@example.org"}""", Encoding.UTF8, "application/json"),
            new StringContent("""{"email": "dodger@example.org"}""", Encoding.UTF8, "application/json"),
        };
        var answers = new List<HttpStatusCode>();
        foreach (var (body, index) in bodies.Select((body, index) => (body, index)))
        {
            var path = index == 3 ? AuthApiPaths.ForgotPassword + "/" : AuthApiPaths.ForgotPassword;
            answers.Add((await api.CreateClient().PostAsync(path, body, Ct)).StatusCode);
        }

        var padded = new StringContent("{\"email\": \"padded@example.org\"" + new string(' ', 20 * 1024) + "}", Encoding.UTF8, "application/json");
        var tooLarge = await api.CreateClient().PostAsync(AuthApiPaths.ForgotPassword, padded, Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        await tooLarge.ReadProblemAsync();
    }
}
