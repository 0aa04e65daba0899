using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HiParis.Mooc.UnitTests.Infrastructure;

/// <summary>The one retry policy: what proves that nothing was kept runs again, within its budget; nothing else does.</summary>
public sealed class RetryTests
{
    private static readonly PostgresException Terminated = new("terminating", "FATAL", "FATAL", "57P01");

    private static Task<int> Run(Func<int, Task<int>> work, bool commitSent = false, bool mayRepeat = true)
    {
        var tries = 0;
        return Retry.RunAsync(() => work(++tries), () => commitSent, () => mayRepeat, CancellationToken.None);
    }

    [Fact]
    public async Task ReadAsync_WhenTheConnectionBrokeOnce_ReadsAgain()
    {
        var reads = 0;

        var value = await Retry.ReadAsync(() => ++reads == 1 ? throw Terminated : Task.FromResult(42), CancellationToken.None);

        Assert.Equal((42, 2), (value, reads));
    }

    [Fact]
    public async Task ReadAsync_WhenTheQueryIsWrong_DoesNotReadAgain()
    {
        var reads = 0;

        await Assert.ThrowsAsync<PostgresException>(() => Retry.ReadAsync<int>(
            () =>
            {
                reads++;
                throw new PostgresException("no such table", "ERROR", "ERROR", "42P01");
            },
            CancellationToken.None));

        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task RunAsync_WhenAnOptimisticRaceIsLostSeveralTimes_RunsUntilItWins()
    {
        var result = await Run(tries => tries < 10 ? throw new DbUpdateConcurrencyException("lost") : Task.FromResult(tries));

        Assert.Equal(10, result);
    }

    [Fact]
    public async Task RunAsync_WhenAUniqueIndexRefusesEveryTry_GivesUpAfterTen()
    {
        var tries = 0;

        await Assert.ThrowsAsync<DbUpdateException>(() => Run(_ =>
        {
            tries++;
            throw new DbUpdateException("duplicate", new PostgresException("duplicate", "ERROR", "ERROR", "23505"));
        }));

        Assert.Equal(10, tries);
    }

    [Fact]
    public async Task RunAsync_WhenTheConnectionBrokeAfterTheCommitWasSent_DoesNotRunAgain()
    {
        var tries = 0;

        await Assert.ThrowsAsync<PostgresException>(() => Run(_ => ++tries > 0 ? throw Terminated : Task.FromResult(0), commitSent: true));

        Assert.Equal(1, tries);
    }

    [Fact]
    public async Task RunAsync_WhenTheConnectionKeepsBreakingBeforeTheCommit_TriesThreeTimesInAll()
    {
        var tries = 0;

        await Assert.ThrowsAsync<PostgresException>(() => Run(_ => ++tries > 0 ? throw Terminated : Task.FromResult(0)));

        Assert.Equal(1 + Retry.MaxBrokenConnections, tries);
    }

    [Fact]
    public async Task RunAsync_WhenTheAnswerHasStarted_RepeatsNothing()
    {
        var tries = 0;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => Run(_ => ++tries > 0 ? throw new DbUpdateConcurrencyException("lost") : Task.FromResult(0), mayRepeat: false));

        Assert.Equal(1, tries);
    }
}
