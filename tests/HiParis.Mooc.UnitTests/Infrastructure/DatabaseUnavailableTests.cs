using System.Net.Sockets;
using HiParis.Mooc.Api.Infrastructure.Errors;
using Npgsql;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class DatabaseUnavailableTests
{
    [Fact]
    public void IsDatabaseUnavailable_WhenTheConnectionIsRefused_IsTrue() =>
        Assert.True(GlobalExceptionHandler.IsDatabaseUnavailable(
            new InvalidOperationException("transient", new NpgsqlException("Failed to connect", new SocketException(111)))));

    [Fact]
    public void IsDatabaseUnavailable_WhenTheServerShutsDown_IsTrue() =>
        Assert.True(GlobalExceptionHandler.IsDatabaseUnavailable(new PostgresException("terminating", "FATAL", "FATAL", "57P01")));

    [Theory]
    [InlineData("23505")]
    [InlineData("42P01")]
    public void IsDatabaseUnavailable_WhenTheQueryItselfFails_IsFalse(string sqlState) =>
        Assert.False(GlobalExceptionHandler.IsDatabaseUnavailable(new PostgresException("bad", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void IsDatabaseUnavailable_ForAnUnrelatedBug_IsFalse() =>
        Assert.False(GlobalExceptionHandler.IsDatabaseUnavailable(new ArgumentException("a bug")));
}
