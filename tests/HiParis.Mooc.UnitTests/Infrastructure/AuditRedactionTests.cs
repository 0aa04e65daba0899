using HiParis.Mooc.Api.Infrastructure.Audit;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class AuditRedactionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Redact_ReplacesEveryMention_InAnyCase()
    {
        var entry = AuditEntry.Record(Guid.NewGuid(), "user.role-grant", Guid.NewGuid(), "ada@example.org: Instructor", "ADA@example.org asked; Ada Lovelace agreed", Now);

        entry.Redact("ada@example.org", "erased-1@erased.invalid");
        entry.Redact("Ada Lovelace", "Erased learner");

        Assert.Equal("erased-1@erased.invalid: Instructor", entry.Subject);
        Assert.Equal("erased-1@erased.invalid asked; Erased learner agreed", entry.Reason);
    }

    [Fact]
    public void Redact_LeavesAnotherAddressThatContainsIt()
    {
        var entry = AuditEntry.Record(Guid.NewGuid(), "user.lock", Guid.NewGuid(), "grace.ada@example.org", "not ada@example.org.uk either", Now);

        entry.Redact("ada@example.org", "erased-1@erased.invalid");

        Assert.Equal("grace.ada@example.org", entry.Subject);
        Assert.Equal("not ada@example.org.uk either", entry.Reason);
    }
}
