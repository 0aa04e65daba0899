using System.Net;
using System.Net.Http.Json;
using HiParis.Mooc.Api.Features.Auth;
using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Hosting;

namespace HiParis.Mooc.IntegrationTests.Features.Auth;

/// <summary>An operator who lets every host in (<c>AllowedHosts=*</c>).</summary>
public sealed class AnyHostApiFactory(TestDatabase database) : MoocApiFactory(database)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("AllowedHosts", "*");
    }
}

public sealed class MessageLinkTests(AnyHostApiFactory api) : IClassFixture<AnyHostApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheConfirmationLink_ComesFromThePublicBaseUrl_NeverFromTheHostHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthApiPaths.Register) { Content = JsonContent.Create(new { email = "hosted@example.org", password = AuthClientExtensions.Password }) };
        request.Headers.Host = "evil.example";

        var response = await api.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = api.Mailbox.LatestLinkTo("hosted@example.org");
        Assert.Equal(MoocApiFactory.PublicBaseUrl + AuthPages.ConfirmEmail, link.GetLeftPart(UriPartial.Path));
        Assert.DoesNotContain("evil.example", api.Mailbox.MessagesTo("hosted@example.org").Single().ToString(), StringComparison.Ordinal);
    }
}

public sealed class AllowedHostsTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OutsideDevelopment_AnUnknownHost_Answers400ProblemDetails_AndChangesNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthApiPaths.Register) { Content = JsonContent.Create(new { email = "hosted@example.org", password = AuthClientExtensions.Password }) };
        request.Headers.Host = "evil.example";

        var response = await api.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ReadProblemAsync();
        Assert.Equal(0, await api.CountRowsAsync("users"));
        Assert.Empty(api.Mailbox.MessagesTo("hosted@example.org"));
    }

    [Theory]
    [InlineData("mooc.example.org")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:5080")]
    public async Task ThePublicHost_AndLoopback_AreAnswered(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = host;

        var response = await api.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
