using HiParis.Mooc.Api.Infrastructure.Identity;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("kate@example.org")]
    [InlineData("\u212Aate@example.org")]
    [InlineData("\uFF4B\uFF41\uFF54\uFF45@example.org")]
    [InlineData(" KATE@EXAMPLE.ORG\t")]
    public void EveryLookAlikeSpelling_HasTheKeyOfThePlainAddress(string spelling)
    {
        var normalizer = new EmailLookupNormalizer();

        Assert.Equal("KATE@EXAMPLE.ORG", normalizer.NormalizeEmail(spelling));
        Assert.Equal("KATE@EXAMPLE.ORG", normalizer.NormalizeName(spelling));
    }

    [Fact]
    public void Canonical_FoldsCompatibilityCharacters_AndKeepsTheCase()
    {
        Assert.Equal("Kate@example.org", EmailAddresses.Canonical(" \u212Aate@example.org "));
    }

    [Fact]
    public void ALookAlikeOutsideCompatibilityMappings_StaysADifferentAddress()
    {
        Assert.NotEqual(EmailAddresses.Key("anna@example.org"), EmailAddresses.Key("\u0430nna@example.org"));
    }
}
