using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Auth;

namespace HiParis.Mooc.IntegrationTests.TestEngine;

public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);

/// <summary>Seeding through the API, as a client would: register, confirm, log in.</summary>
public static class AuthClientExtensions
{
    public const string Password = "correct horse battery staple";

    public static async Task RegisterAsync(this HttpClient client, string email, string password = Password)
    {
        var response = await client.PostAsJsonAsync(AuthApiPaths.Register, new { email, password });
        await response.EnsureSuccessWithBodyAsync();
    }

    public static async Task ConfirmEmailAsync(this HttpClient client, Mailbox mailbox, string email)
    {
        var link = mailbox.LatestLinkTo(email);
        var response = await client.GetAsync(link.PathAndQuery);
        await response.EnsureSuccessWithBodyAsync();
    }

    public static async Task<TokenResponse> LoginAsync(this HttpClient client, string email, string password = Password)
    {
        var response = await client.PostAsJsonAsync(AuthApiPaths.Login, new { email, password });
        await response.EnsureSuccessWithBodyAsync();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    /// <summary>A new learner, registered, confirmed and logged in; the client carries the bearer token.</summary>
    public static async Task<TokenResponse> SignUpAsync(this HttpClient client, Mailbox mailbox, string email)
    {
        await client.RegisterAsync(email);
        await client.ConfirmEmailAsync(mailbox, email);
        var tokens = await client.LoginAsync(email);
        client.UseBearer(tokens.AccessToken);
        return tokens;
    }

    public static void UseBearer(this HttpClient client, string accessToken) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

    public static async Task EnsureSuccessWithBodyAsync(this HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Reads an RFC 9457 answer, checking its media type.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
