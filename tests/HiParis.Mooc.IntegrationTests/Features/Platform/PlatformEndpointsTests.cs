using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Platform;

public sealed class PlatformEndpointsTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>
{
    [Fact]
    public async Task HealthLiveAndReady_Answer200WithTheDatabaseChecked()
    {
        var client = api.CreateClient();

        var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheAuthAndMeRoutes()
    {
        var document = await api.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToList();
        Assert.Contains("/api/auth/register", paths);
        Assert.Contains("/api/auth/logout", paths);
        Assert.Contains("/api/me", paths);
    }

    [Fact]
    public async Task ScalarReference_IsServed()
    {
        var response = await api.CreateClient().GetAsync("/scalar", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
