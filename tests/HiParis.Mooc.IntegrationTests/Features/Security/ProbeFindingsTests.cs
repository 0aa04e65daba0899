using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using HiParis.Mooc.Api.Features.Admin;
using HiParis.Mooc.Api.Features.Auth;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Features.Me;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.IntegrationTests.Features.Certificates;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HiParis.Mooc.IntegrationTests.Features.Security;

/// <summary>Counts password hashes and verifications: the expensive work an observer can time.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<User>
{
    private readonly PasswordHasher<User> _inner = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public string HashPassword(User user, string password)
    {
        Interlocked.Increment(ref _count);
        return _inner.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _count);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>The API with its password hasher counted.</summary>
public sealed class CountingHasherApiFactory(TestDatabase database) : MoocApiFactory(database)
{
    public CountingPasswordHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<IPasswordHasher<User>>(Hasher)));
    }
}

/// <summary>
/// The findings of the black-box probe of issue 16 (section 3), each with the test that failed before its
/// fix; and what the probe that followed found.
/// </summary>
public sealed class ProbeFindingsTests(CountingHasherApiFactory api) : IClassFixture<CountingHasherApiFactory>, IAsyncLifetime
{
    /// <summary>The Kelvin sign, which NFKC folds to a plain "K".</summary>
    private const string Kelvin = "\u212A";

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegisteringATakenAddress_SpendsOnePasswordHash_LikeANewAddress()
    {
        await api.CreateClient().RegisterAsync("taken@example.org");

        api.Hasher.Reset();
        (await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = "new@example.org", password = "another long passphrase" }, Ct)).EnsureSuccessStatusCode();
        var forNew = api.Hasher.Count;
        api.Hasher.Reset();
        (await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = "taken@example.org", password = "another long passphrase" }, Ct)).EnsureSuccessStatusCode();
        var forTaken = api.Hasher.Count;

        Assert.Equal(1, forNew);
        Assert.Equal(forNew, forTaken);
    }

    [Fact]
    public async Task RegisteringWithAKelvinSign_AnswersLikeAnyRegistration_AndReachesTheSameAccount()
    {
        var owner = api.CreateClient();
        await owner.SignUpAsync(api.Mailbox, "kate@example.org");
        api.Mailbox.Clear();

        var taken = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = Kelvin + "ate@example.org", password = "another long passphrase" }, Ct);
        var fresh = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = Kelvin + "im@example.org", password = "another long passphrase" }, Ct);

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(Ct), await taken.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Someone tried to register with your address", Assert.Single(api.Mailbox.MessagesTo("kate@example.org")).Subject);

        // What is stored (and written to) is the folded address, never the look-alike spelling.
        Assert.Single(api.Mailbox.MessagesTo("Kim@example.org"));
        var stored = await api.WithScopeAsync<UserManager<User>, string?>(async users => (await users.FindByEmailAsync("kim@example.org"))?.Email);
        Assert.Equal("Kim@example.org", stored);
    }

    [Theory]
    [InlineData("""{"email": "decoy@example.org", "Email": "victim@example.org"}""")]
    [InlineData("""{"email": "decoy@example.org", "email": "victim@example.org"}""")]
    [InlineData("""{"EMAIL": "decoy@example.org", "eMail": "victim@example.org"}""")]
    public async Task AnAccountBody_WithDuplicateOrCaseCollidingKeys_Answers400_AndSendsNothing(string body)
    {
        await api.CreateClient().SignUpAsync(api.Mailbox, "victim@example.org");
        api.Mailbox.Clear();

        var response = await api.CreateClient().PostAsync(AuthApiPaths.ForgotPassword, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://hiparis-mooc.dev/problems/duplicate-property", (await response.ReadProblemAsync()).GetProperty("type").GetString());
        Assert.Empty(api.Mailbox.MessagesTo("victim@example.org"));
    }

    [Fact]
    public async Task AnyBody_WithCaseCollidingKeys_Answers400_AndChangesNothing()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "named@example.org");

        var response = await client.PatchAsync(MeApiPaths.Me, new StringContent("""{"displayName": "First", "DisplayName": "Second"}""", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ReadProblemAsync();
        Assert.Equal("named", (await client.GetFromJsonAsync<System.Text.Json.JsonElement>(MeApiPaths.Me, Ct)).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task GuessingThePasswordToErase_LocksTheAccountLikeFailedLogins_AndTellsTheOwner()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "guessed@example.org");
        api.Mailbox.Clear();
        List<HttpStatusCode> guesses = [];
        for (var i = 0; i < 5; i++)
        {
            guesses.Add((await DeleteMeAsync(client, $"guess number {i} is wrong")).StatusCode);
        }

        var right = await DeleteMeAsync(client, AuthClientExtensions.Password);
        var login = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "guessed@example.org", password = AuthClientExtensions.Password }, Ct);

        Assert.All(guesses, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.NotEqual(HttpStatusCode.NoContent, right.StatusCode);
        await right.ReadProblemAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(1, await api.CountRowsAsync("users"));
        Assert.Equal("Your account is locked for a while", Assert.Single(api.Mailbox.MessagesTo("guessed@example.org")).Subject);
    }

    [Fact]
    public async Task GuessingTheOldPassword_InManageInfo_LocksTheAccountLikeFailedLogins()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "changer@example.org");
        List<HttpStatusCode> guesses = [];
        for (var i = 0; i < 5; i++)
        {
            guesses.Add((await client.PostAsJsonAsync(AuthApiPaths.ManageInfo, new { oldPassword = $"guess number {i} is wrong", newPassword = "a brand new passphrase" }, Ct)).StatusCode);
        }

        var right = await client.PostAsJsonAsync(AuthApiPaths.ManageInfo, new { oldPassword = AuthClientExtensions.Password, newPassword = "a brand new passphrase" }, Ct);
        var withOld = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "changer@example.org", password = AuthClientExtensions.Password }, Ct);
        var withNew = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "changer@example.org", password = "a brand new passphrase" }, Ct);

        Assert.All(guesses, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.NotEqual(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withNew.StatusCode);
    }

    [Fact]
    public async Task ARefreshToken_WorksOnce_AndItsReuseEndsTheSessions()
    {
        var client = api.CreateClient();
        var tokens = await client.SignUpAsync(api.Mailbox, "refresher@example.org");

        var first = await client.PostAsJsonAsync(AuthApiPaths.Refresh, new { refreshToken = tokens.RefreshToken }, Ct);
        var renewed = (await first.Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
        var replayed = await client.PostAsJsonAsync(AuthApiPaths.Refresh, new { refreshToken = tokens.RefreshToken }, Ct);
        var afterReplay = await client.PostAsJsonAsync(AuthApiPaths.Refresh, new { refreshToken = renewed.RefreshToken }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal("https://hiparis-mooc.dev/problems/refresh-token-reused", (await replayed.ReadProblemAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, afterReplay.StatusCode);
    }

    [Theory]
    [InlineData("Basic", "YWRhOmxvdmVsYWNl")]
    [InlineData("Negotiate", "abc")]
    public async Task ACookieSession_WithAnyOtherAuthorizationHeader_StillNeedsTheCsrfHeader(string scheme, string parameter)
    {
        var client = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        await client.RegisterAsync("cookie@example.org");
        await client.ConfirmEmailAsync(api.Mailbox, "cookie@example.org");
        (await client.PostAsJsonAsync(AuthApiPaths.Login + "?useCookies=true", new { email = "cookie@example.org", password = AuthClientExtensions.Password }, Ct)).EnsureSuccessStatusCode();

        using var forged = new HttpRequestMessage(HttpMethod.Post, LearningApiPaths.Enrollment("understanding-ai", "self-paced"));
        forged.Headers.Authorization = new AuthenticationHeaderValue(scheme, parameter);
        var response = await client.SendAsync(forged, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("https://hiparis-mooc.dev/problems/csrf", (await response.ReadProblemAsync()).GetProperty("type").GetString());
        Assert.Equal(0, await api.CountRowsAsync("enrollments"));
    }
    // What the probe that followed found.

    [Fact]
    public async Task RegisteringAnAddressLongerThanAnyMailbox_Answers400_NotA500()
    {
        var response = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = new string('a', 300) + "@example.org", password = "another long passphrase" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadProblemAsync()).GetProperty("errors").TryGetProperty("InvalidEmail", out _));
        Assert.Equal(0, await api.CountRowsAsync("users"));
    }

    [Theory]
    [InlineData("a b@example.org")]
    [InlineData("x\r\ny@example.org")]
    [InlineData("\"quoted\"@example.org")]
    [InlineData("new@ex\u00e4mple.org")]
    public async Task ChangingToAnAddressNoAccountMayHold_Answers400_AndMailsNothing(string address)
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "mover@example.org");
        var messages = await api.CountRowsAsync("outbox_messages");

        var response = await client.PostAsJsonAsync(AuthApiPaths.ManageInfo, new { newEmail = address }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadProblemAsync()).GetProperty("errors").TryGetProperty("InvalidEmail", out _));
        Assert.Equal(messages, await api.CountRowsAsync("outbox_messages"));
    }

    [Fact]
    public async Task ParallelRegistrations_OfOneNewAddress_AllAnswer200_AndMakeOneAccount()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = "twice@example.org", password = "another long passphrase" }, Ct)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(1, await api.CountRowsAsync("users"));
        Assert.Single(api.Mailbox.MessagesTo("twice@example.org"), message => message.Subject == "Confirm your e-mail address");
    }

    [Fact]
    public async Task WrongPasswordsSentAtOnce_AreAllCounted_AndLockTheAccount_WithOneNotice()
    {
        await api.CreateClient().SignUpAsync(api.Mailbox, "burst@example.org");
        api.Mailbox.Clear();

        var guesses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "burst@example.org", password = $"parallel guess {i}" }, Ct)));
        var right = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Login, new { email = "burst@example.org", password = AuthClientExtensions.Password }, Ct);

        Assert.All(guesses, guess => Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("Your account is locked for a while", Assert.Single(api.Mailbox.MessagesTo("burst@example.org")).Subject);
    }

    [Fact]
    public async Task TimesSentWithAnOffset_AreStoredAsTheirUtcInstant_NotA500()
    {
        await api.CreateClient().SignUpAsync(api.Mailbox, "timed@example.org");
        var admin = await api.AdminAsync();
        var id = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>(AdminApiPaths.Users + "?search=timed", Ct)).GetProperty("items")[0].GetProperty("id").GetGuid();

        var locked = await admin.PostAsJsonAsync(AdminApiPaths.Lock(id), new { reason = "Until the new year in Kiribati", until = "2030-01-01T00:00:00+14:00" }, Ct);
        var audit = await admin.GetAsync(AdminApiPaths.Audit + "?from=2026-01-01T00:00:00%2B14:00&to=2031-01-01T00:00:00-05:00", Ct);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(new DateTimeOffset(2029, 12, 31, 10, 0, 0, TimeSpan.Zero), (await locked.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("lockedUntil").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Single((await audit.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("items").EnumerateArray(), entry => entry.GetProperty("action").GetString() == "user.lock");
    }

    [Theory]
    [InlineData("Bob,\n\nYour account is closed: https://evil.example")]
    [InlineData("\u202Eevil")]
    [InlineData("tab\tand bell\u0007")]
    public async Task ADisplayName_WithLineBreaksControlsOrDirectionOverrides_Answers400(string name)
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "named@example.org");

        var response = await client.PatchAsJsonAsync(MeApiPaths.Me, new { displayName = name }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadProblemAsync()).GetProperty("errors").TryGetProperty("displayName", out _));
        Assert.Equal("named", (await client.GetFromJsonAsync<System.Text.Json.JsonElement>(MeApiPaths.Me, Ct)).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task ADisplayName_InAnyScript_IsKept()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "scripts@example.org");

        var response = await client.PatchAsJsonAsync(MeApiPaths.Me, new { displayName = "Zoë Ἀθηνᾶ 李小龍 أحمد" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> DeleteMeAsync(HttpClient client, string password) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, MeApiPaths.Me) { Content = JsonContent.Create(new { password }) }, Ct);
}

/// <summary>The API with the session check's cache on, as in production (10 s).</summary>
public sealed class CachedAccountCheckApiFactory(TestDatabase database) : MoocApiFactory(database)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:AccountCheckSeconds", "10");
    }
}

/// <summary>A session ended on an instance stops working there at once, not within the session check's cache time.</summary>
public sealed class SessionEndTests(CachedAccountCheckApiFactory api) : IClassFixture<CachedAccountCheckApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnErasedAccountsToken_StopsWorkingAtOnce()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "gone@example.org");
        (await client.GetAsync(MeApiPaths.Me, Ct)).EnsureSuccessStatusCode();

        var erased = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, MeApiPaths.Me) { Content = JsonContent.Create(new { password = AuthClientExtensions.Password }) }, Ct);
        var after = await client.GetAsync(MeApiPaths.Me, Ct);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await after.ReadProblemAsync();
    }

    [Fact]
    public async Task ALockedOrEndedSession_StopsWorkingAtOnce()
    {
        var learner = api.CreateClient();
        await learner.SignUpAsync(api.Mailbox, "ended@example.org");
        var other = api.CreateClient();
        var otherTokens = await other.SignUpAsync(api.Mailbox, "logged-out@example.org");
        var admin = await api.AdminAsync();
        (await learner.GetAsync(MeApiPaths.Me, Ct)).EnsureSuccessStatusCode();
        (await other.GetAsync(MeApiPaths.Me, Ct)).EnsureSuccessStatusCode();
        var id = (await learner.GetFromJsonAsync<System.Text.Json.JsonElement>(MeApiPaths.Me, Ct)).GetProperty("id").GetGuid();

        (await admin.PostAsJsonAsync(AdminApiPaths.EndSessions(id), new { reason = "Lost laptop" }, Ct)).EnsureSuccessStatusCode();
        var copy = api.CreateClient();
        copy.UseBearer(otherTokens.AccessToken);
        (await other.PostAsync(AuthApiPaths.Logout, null, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await learner.GetAsync(MeApiPaths.Me, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync(MeApiPaths.Me, Ct)).StatusCode);
    }
}
