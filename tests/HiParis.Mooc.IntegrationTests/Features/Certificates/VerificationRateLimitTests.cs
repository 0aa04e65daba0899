using System.Net;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Hosting;

namespace HiParis.Mooc.IntegrationTests.Features.Certificates;

/// <summary>The API with a verification limit small enough to reach in a test.</summary>
public sealed class FiveVerificationsPerMinuteFactory(TestDatabase database) : MoocApiFactory(database)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:VerificationPerMinute", "5");
    }
}

public sealed class VerificationRateLimitTests(FiveVerificationsPerMinuteFactory api) : IClassFixture<FiveVerificationsPerMinuteFactory>
{
    [Fact]
    public async Task Verification_PastTheLimitPerClient_Answers429WithRetryAfter()
    {
        var client = api.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 7; i++)
        {
            responses.Add(await client.GetAsync(i % 2 == 0 ? CertificatesApiPaths.Certificate("0000-0000-0000-0000") : CertificatesApiPaths.Verify("0000-0000-0000-0000"), ct));
        }

        Assert.All(responses.Take(5), response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
        Assert.All(responses.Skip(5), response => Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode));
        var limited = responses[^1];
        var problem = await limited.ReadProblemAsync();
        Assert.Equal("https://hiparis-mooc.dev/problems/rate-limited", problem.GetProperty("type").GetString());
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        var jwks = await client.GetAsync(CertificatesApiPaths.Jwks, ct);
        Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
    }
}
