using System.Net;
using System.Net.Http.Json;
using System.Text;
using HiParis.Mooc.Api.Features.Auth;
using HiParis.Mooc.Api.Features.Me;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Platform;

public sealed class ProblemDetailsTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("{\"email\": \"a@example.org\", ")]
    [InlineData("not json at all")]
    [InlineData("{}")]
    [InlineData("{\"email\": 5, \"password\": true}")]
    [InlineData("[1, 2, 3]")]
    [InlineData("")]
    public async Task Register_WithABadBody_Answers400ProblemDetailsAndWritesNothing(string body)
    {
        var response = await api.CreateClient().PostAsync(
            AuthApiPaths.Register,
            new StringContent(body, Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.True(problem.TryGetProperty("detail", out _) || problem.TryGetProperty("errors", out _), problem.ToString());
        Assert.Equal(0, await api.CountRowsAsync("users"));
    }

    [Fact]
    public async Task Register_WithAnUnsupportedContentType_Answers415ProblemDetails()
    {
        var response = await api.CreateClient().PostAsync(
            AuthApiPaths.Register,
            new StringContent("email=a@example.org", Encoding.UTF8, "application/x-www-form-urlencoded"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await response.ReadProblemAsync();
    }

    [Theory]
    [InlineData("{\"displayName\": \"\"}")]
    [InlineData("{\"displayName\": \"   \"}")]
    [InlineData("{}")]
    public async Task UpdateMe_WithAnInvalidDisplayName_Answers400WithTheFieldNamed(string body)
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "val@example.org");

        var response = await client.PatchAsync(MeApiPaths.Me, new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), problem.ToString());
    }

    [Fact]
    public async Task UpdateMe_WithATooLongDisplayName_Answers400NamingTheField()
    {
        var client = api.CreateClient();
        await client.SignUpAsync(api.Mailbox, "long@example.org");

        var response = await client.PatchAsJsonAsync(MeApiPaths.Me, new { displayName = new string('x', 101) }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _), problem.ToString());
    }

    [Fact]
    public async Task UnknownRoute_Answers404ProblemDetails()
    {
        var response = await api.CreateClient().GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await response.ReadProblemAsync();
    }

    [Fact]
    public async Task WrongMethod_Answers405ProblemDetails()
    {
        var response = await api.CreateClient().DeleteAsync(AuthApiPaths.Register, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await response.ReadProblemAsync();
    }

    [Fact]
    public async Task AcceptLanguageFrench_GivesFrenchProblemTitles()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, AuthApiPaths.Register)
        {
            Content = new StringContent("{", Encoding.UTF8, "application/json"),
        };
        request.Headers.AcceptLanguage.ParseAdd("fr-FR,fr;q=0.9,en;q=0.5");

        var response = await api.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.ReadProblemAsync();
        Assert.Equal("La requête est mal formée.", problem.GetProperty("title").GetString());
        Assert.Equal("fr", response.Content.Headers.ContentLanguage.Single());
    }
}
