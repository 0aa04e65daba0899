using System.Net;
using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Api.Features.Courses.Pages;
using HiParis.Mooc.Api.Features.Me;
using HiParis.Mooc.Api.Features.Me.Pages;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace HiParis.Mooc.IntegrationTests.Features.Web;

/// <summary>Who gets a page: a stranger is sent to sign in, while the API beside it keeps answering 401 ProblemDetails.</summary>
public sealed class PageAccessTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client() => api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData(MePages.Dashboard)]
    [InlineData(MePages.Account)]
    [InlineData("/learn/first-steps/items/hello")]
    public async Task ALearnerPage_WithoutASession_RedirectsToSignIn_AndComesBackAfterwards(string path)
    {
        var response = await Client().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(AuthPages.SignIn, location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);
        var query = QueryHelpers.ParseQuery(location.IsAbsoluteUri ? location.Query : location.OriginalString[location.OriginalString.IndexOf('?', StringComparison.Ordinal)..]);
        Assert.Equal(path, query[AuthPages.ReturnUrl].ToString());
    }

    [Fact]
    public async Task TheApi_WithoutASession_StillAnswers401ProblemDetails()
    {
        var response = await Client().GetAsync(MeApiPaths.Me, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AnUnknownCourse_AnswersItsPageWith404()
    {
        var response = await Client().GetAsync(CoursePages.Course("no-such-course"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Course not found", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
