using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class DatabaseFaultsTests
{
    [Theory]
    [InlineData("40001")]
    [InlineData("40P01")]
    public void IsRolledBackConflict_ForASerializationFailureOrADeadlock_IsTrue(string sqlState) =>
        Assert.True(DatabaseFaults.IsRolledBackConflict(new DbUpdateException("save", new PostgresException("rolled back", "ERROR", "ERROR", sqlState))));

    [Fact]
    public void IsRolledBackConflict_ForAUniqueViolation_IsFalse() =>
        Assert.False(DatabaseFaults.IsRolledBackConflict(new PostgresException("duplicate", "ERROR", "ERROR", "23505")));

    [Fact]
    public void IsBrokenConnection_WhenThePooledConnectionDiedWithTheServer_IsTrue() =>
        Assert.True(DatabaseFaults.IsBrokenConnection(new DbUpdateException("save", new PostgresException("terminating", "FATAL", "FATAL", "57P01"))));

    [Fact]
    public void IsBrokenConnection_WhenConnectingTimedOut_IsFalse() =>
        Assert.False(DatabaseFaults.IsBrokenConnection(new NpgsqlException("Failed to connect", new TimeoutException())));
}
