using HiParis.Mooc.Api.Infrastructure.Identity;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class PasswordPolicyValidatorTests
{
    private readonly PasswordPolicyValidator _validator = new();

    [Theory]
    [InlineData("123qweasdzxc")]
    [InlineData("1QAZ2WSX3EDC")]
    [InlineData("zzzzzzzzzzzzzzzz")]
    [InlineData("abababababababab")]
    public async Task Validate_WhenThePasswordIsCommon_Fails(string password)
    {
        var result = await _validator.ValidateAsync(null!, new User { Email = "x@example.org" }, password);

        Assert.Equal("PasswordTooCommon", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task Validate_WhenThePasswordIsTheEmailWithAFewCharacters_Fails()
    {
        var result = await _validator.ValidateAsync(null!, new User { Email = "marie.curie@example.org" }, "marie.curie1");

        Assert.Equal("PasswordTooCommon", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task Validate_WhenThePasswordIsLongerThanTheMaximum_Fails()
    {
        var result = await _validator.ValidateAsync(null!, new User(), new string('x', 64) + new string('y', 65));

        Assert.Contains(result.Errors, error => error.Code == "PasswordTooLong");
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("alllowercaseletters")]
    [InlineData("a passphrase of exactly sixty-four characters is fine for us ok")]
    public async Task Validate_WhenALongPassphraseHasNoDigitsOrSymbols_Succeeds(string password)
    {
        var result = await _validator.ValidateAsync(null!, new User { Email = "x@example.org" }, password);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("ada.lovelace@example.org", "ada.lovelace")]
    [InlineData("bob@example.org", "bob")]
    public void DefaultDisplayName_IsTheLocalPartOfTheEmail(string email, string expected) =>
        Assert.Equal(expected, MoocUserManager.DefaultDisplayName(email));
}
