using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Certificates;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.UnitTests.Certificates;

public sealed class CertificateTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Admin = new(Guid.NewGuid(), Now);

    private static Certificate NewCertificate(IssuanceKind kind = IssuanceKind.Automatic, string reason = "")
    {
        var learner = Guid.NewGuid();
        var enrollment = Learning.TestCourse.Enroll(learner, Learning.TestCourse.Package(null, Learning.TestCourse.Module("week-1")), Now.AddDays(-30));
        var scores = new IssuedScores(1, 0.8m, 0.6m, 0.6m, new Dictionary<string, decimal> { ["quiz"] = 0.8m }, 12, 12);
        return Certificate.Issue(enrollment, "Ada Lovelace", new() { ["en"] = "AI" }, new() { ["en"] = "Self-paced" }, Guid.NewGuid(), scores, kind, reason, new Actor(learner, Now));
    }

    [Fact]
    public void New_Codes_Have80RandomBitsInTheFriendlyAlphabet()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => VerificationCode.New()).ToList();

        Assert.All(codes, code => Assert.Matches("^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{16}$", code));
        Assert.Equal(codes.Count, codes.Distinct().Count());

        // Every one of the 32 symbols turns up in every position: no position is fixed or biased away.
        for (var position = 0; position < VerificationCode.Length; position++)
        {
            Assert.Equal(32, codes.Select(code => code[position]).Distinct().Count());
        }
    }

    [Theory]
    [InlineData("7KQ2-M9XD-4HT0-ZB6R", "7KQ2M9XD4HT0ZB6R")]
    [InlineData("7kq2 m9xd 4hto zb6r", "7KQ2M9XD4HT0ZB6R")]
    [InlineData("7KQ2M9XD4HTOZB6R", "7KQ2M9XD4HT0ZB6R")]
    [InlineData("1LI1-1111-1111-1111", "1111111111111111")]
    [InlineData("7KQ2-M9XD-4HT0-ZB6", null)]
    [InlineData("7KQ2-M9XD-4HT0-ZB6RR", null)]
    [InlineData("7KQ2-M9XD-4HT0-ZB6U", null)]
    [InlineData("<script>alert(1)</script>", null)]
    [InlineData("", null)]
    public void Normalize_ForgivesCaseDashesAndLookalikes_AndRefusesTheRest(string typed, string? expected) =>
        Assert.Equal(expected, VerificationCode.Normalize(typed));

    [Fact]
    public void Revoke_ThenReinstate_LogsBothWithTheirReasons()
    {
        var certificate = NewCertificate();

        certificate.Revoke(RevocationCategory.AcademicMisconduct, "Plagiarism found in the final quiz", Admin);
        var revoked = (certificate.State, certificate.RevokedAt, certificate.RevocationReason);
        certificate.Reinstate("Revoked by mistake", Admin with { Now = Now.AddDays(1) });

        Assert.Equal((CertificateState.Revoked, Now, "Plagiarism found in the final quiz"), revoked);
        Assert.Equal(CertificateState.Issued, certificate.State);
        Assert.Null(certificate.RevokedAt);
        Assert.Equal(["None->Issued Issue", "Issued->Revoked Revoke", "Revoked->Issued Reinstate"], certificate.Transitions.Select(t => $"{t.FromState}->{t.ToState} {t.Trigger}"));
        Assert.Equal("Revoked by mistake", certificate.Transitions.Last().Reason);
    }

    [Fact]
    public void Reissue_SupersedesWithANewCode_AndKeepsTheScores()
    {
        var certificate = NewCertificate();

        var replacement = certificate.Reissue("Ada King, Countess of Lovelace", "Legal name changed", Admin);

        Assert.Equal(CertificateState.Superseded, certificate.State);
        Assert.Equal(replacement.Id, certificate.SupersededById);
        Assert.Equal(certificate.Id, replacement.ReplacesId);
        Assert.NotEqual(certificate.Code, replacement.Code);
        Assert.Equal("Ada King, Countess of Lovelace", replacement.HolderName);
        Assert.Same(certificate.Scores, replacement.Scores);
        Assert.True(replacement.IsCurrent);
    }

    [Fact]
    public void Actions_NotAllowedInAState_AreRefused()
    {
        var certificate = NewCertificate();
        certificate.Reissue("New name", "Legal name changed", Admin);

        var refused = Assert.Throws<InvalidTransitionException>(() => certificate.Revoke(RevocationCategory.AcademicMisconduct, "Too late", Admin));
        Assert.Equal("certificate.invalid-transition", refused.Code);
        Assert.StartsWith("Cannot 'Revoke' a certificate that is ", refused.Message);
        Assert.Throws<InvalidTransitionException>(() => certificate.Reinstate("Nothing to undo", Admin));
        Assert.Throws<InvalidTransitionException>(() => NewCertificate().Reinstate("Not revoked", Admin));
    }

    [Fact]
    public void Actions_WithoutAReason_AreRefused()
    {
        Assert.Equal("certificate.reason-required", Assert.Throws<DomainException>(() => NewCertificate().Revoke(RevocationCategory.AcademicMisconduct, "  ", Admin)).Code);
        Assert.Throws<DomainException>(() => NewCertificate(IssuanceKind.Exception, ""));
    }
}
