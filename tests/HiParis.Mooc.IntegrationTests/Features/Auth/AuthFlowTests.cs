using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Auth;
using HiParis.Mooc.Api.Features.Me;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HiParis.Mooc.IntegrationTests.Features.Auth;

public sealed class AuthFlowTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Register_ConfirmLoginMeLogout_WithBearerTokens_RefreshFailsAfterLogout()
    {
        var client = api.CreateClient();
        await client.RegisterAsync("ada@example.org");

        var confirmationMail = Assert.Single(api.Mailbox.MessagesTo("ada@example.org"));
        Assert.Equal("Confirm your e-mail address", confirmationMail.Subject);
        await client.ConfirmEmailAsync(api.Mailbox, "ada@example.org");

        var tokens = await client.LoginAsync("ada@example.org");
        Assert.Equal("Bearer", tokens.TokenType);
        client.UseBearer(tokens.AccessToken);

        var me = await client.GetFromJsonAsync<JsonElement>(MeApiPaths.Me, TestContext.Current.CancellationToken);
        Assert.Equal("ada@example.org", me.GetProperty("email").GetString());
        Assert.Equal("ada", me.GetProperty("displayName").GetString());
        Assert.True(me.GetProperty("emailConfirmed").GetBoolean());
        Assert.Equal(["Learner"], me.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));

        var refreshBefore = await client.PostAsJsonAsync(AuthApiPaths.Refresh, new { refreshToken = tokens.RefreshToken }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, refreshBefore.StatusCode);
        var renewed = (await refreshBefore.Content.ReadFromJsonAsync<TokenResponse>(TestContext.Current.CancellationToken))!;

        var logout = await client.PostAsync(AuthApiPaths.Logout, null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        // A token never used before, refused because the logout ended the session.
        var refreshAfter = await client.PostAsJsonAsync(AuthApiPaths.Refresh, new { refreshToken = renewed.RefreshToken }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshAfter.StatusCode);
    }

    [Fact]
    public async Task UsedRefreshTokens_AreForgotten_OnceTheyHaveExpired()
    {
        var client = api.CreateClient();
        var tokens = await client.SignUpAsync(api.Mailbox, "forgotten@example.org");
        (await client.PostAsJsonAsync(AuthApiPaths.Refresh, new { refreshToken = tokens.RefreshToken }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var kept = await api.WithScopeAsync<MoocDbContext, int>(db => RefreshTokens.PruneAsync(db, api.Clock.GetUtcNow(), TestContext.Current.CancellationToken));
        var forgotten = await api.WithScopeAsync<MoocDbContext, int>(db => RefreshTokens.PruneAsync(db, api.Clock.GetUtcNow().AddDays(15), TestContext.Current.CancellationToken));

        Assert.Equal(0, kept);
        Assert.Equal(1, forgotten);
        Assert.Equal(0, await api.CountRowsAsync("used_refresh_tokens"));
    }

    [Fact]
    public async Task Logout_WithCookies_ReplayedCookieNoLongerWorks()
    {
        var client = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        await client.RegisterAsync("grace@example.org");
        var login = await client.PostAsJsonAsync(
            $"{AuthApiPaths.Login}?useCookies=true",
            new { email = "grace@example.org", password = AuthClientExtensions.Password },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), value => value.StartsWith("mooc.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var cookieHeader = cookie.Split(';')[0];

        var meWithCookie = await SendWithCookieAsync(client, HttpMethod.Get, MeApiPaths.Me, cookieHeader);
        Assert.Equal(HttpStatusCode.OK, meWithCookie.StatusCode);

        var logout = await SendWithCookieAsync(client, HttpMethod.Post, AuthApiPaths.Logout, cookieHeader);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var replay = await SendWithCookieAsync(client, HttpMethod.Get, MeApiPaths.Me, cookieHeader);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task Me_WithoutAuthentication_Answers401ProblemDetails()
    {
        var response = await api.CreateClient().GetAsync(MeApiPaths.Me, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await response.ReadProblemAsync();
    }

    [Fact]
    public async Task UpdateMe_ChangesTheDisplayName()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "alan@example.org");

        var response = await client.PatchAsJsonAsync(MeApiPaths.Me, new { displayName = "  Alan Turing " }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>(MeApiPaths.Me, TestContext.Current.CancellationToken);
        Assert.Equal("Alan Turing", me.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Login_AfterFiveWrongPasswords_IsLockedOutEvenWithTheRightPassword_AndTellsOnlyTheOwner()
    {
        var client = api.CreateClient();
        await client.RegisterAsync("mallory@example.org");
        api.Mailbox.Clear();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await client.PostAsJsonAsync(AuthApiPaths.Login, new { email = "mallory@example.org", password = "not the password at all" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var right = await client.PostAsJsonAsync(AuthApiPaths.Login, new { email = "mallory@example.org", password = AuthClientExtensions.Password }, TestContext.Current.CancellationToken);

        var unknown = await client.PostAsJsonAsync(AuthApiPaths.Login, new { email = "nobody@example.org", password = AuthClientExtensions.Password }, TestContext.Current.CancellationToken);

        // The answer is the one an unknown address gets: an attacker who locked the account learns nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        var problem = await right.ReadProblemAsync();
        Assert.Equal("Failed", problem.GetProperty("detail").GetString());
        var unknownProblem = await unknown.ReadProblemAsync();
        Assert.Equal(
            [unknownProblem.GetProperty("status").GetInt32().ToString(CultureInfo.InvariantCulture), unknownProblem.GetProperty("title").GetString(), unknownProblem.GetProperty("detail").GetString()],
            [problem.GetProperty("status").GetInt32().ToString(CultureInfo.InvariantCulture), problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()]);
        var notice = Assert.Single(api.Mailbox.MessagesTo("mallory@example.org"));
        Assert.Equal("Your account is locked for a while", notice.Subject);
    }

    [Theory]
    [InlineData("short pass", "PasswordTooShort")]
    [InlineData("123qweasdzxc", "PasswordTooCommon")]
    [InlineData("aaaaaaaaaaaaaaaaaaaa", "PasswordTooCommon")]
    public async Task Register_WithAWeakPassword_Answers400NamingTheRule(string password, string rule)
    {
        var response = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = "weak@example.org", password }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(rule, out _), problem.ToString());
        Assert.Equal(0, await api.CountRowsAsync("users"));
    }

    [Fact]
    public async Task Register_WithALongPassphraseWithoutSymbols_IsAccepted()
    {
        var passphrase = string.Join(' ', Enumerable.Repeat("violet orbit lantern", 4));

        var response = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = "long@example.org", password = passphrase }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> SendWithCookieAsync(HttpClient client, HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("X-CSRF", "1");
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
