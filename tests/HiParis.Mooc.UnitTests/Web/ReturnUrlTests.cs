using HiParis.Mooc.Api.Features.Auth.Pages;

namespace HiParis.Mooc.UnitTests.Web;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/learn/first-steps/items/hello?x=1")]
    [InlineData("/")]
    public void LocalOr_WhenTheAddressIsAPathOfThisSite_KeepsIt(string returnUrl)
    {
        var target = AuthPages.LocalOr(returnUrl, "/fallback");

        Assert.Equal(returnUrl, target);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("dashboard")]
    [InlineData("/dash\nboard")]
    [InlineData("")]
    [InlineData(null)]
    public void LocalOr_WhenTheAddressCouldLeaveTheSite_GivesTheFallback(string? returnUrl)
    {
        var target = AuthPages.LocalOr(returnUrl, "/fallback");

        Assert.Equal("/fallback", target);
    }
}
