using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class AdmissionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(64, 56)]
    [InlineData(8, 7)]
    [InlineData(2, 2)]
    [InlineData(1, 1)]
    public void ByDefault_ThePoolLessAnEighthRunsAtOnce(int poolSize, int units)
    {
        using var admission = Admission.From(new ConfigurationBuilder().Build(), poolSize);

        Assert.Equal(units, admission.ConcurrentUnits);
        Assert.Equal(TimeSpan.FromSeconds(30), admission.MaxWait);
    }

    [Fact]
    public async Task UnitsBeyondTheLimit_RunInTheOrderTheyCame_AsTurnsEnd()
    {
        using var admission = new Admission(1, 10, TimeSpan.FromMinutes(1));
        var first = await admission.EnterAsync(Ct);
        var order = new List<int>();
        var waiting = Enumerable.Range(1, 3).Select(async number =>
        {
            using var turn = await admission.EnterAsync(Ct);
            order.Add(number);
        }).ToList();

        Assert.All(waiting, unit => Assert.False(unit.IsCompleted));
        first.Dispose();
        await Task.WhenAll(waiting);

        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public async Task WithNoRoomToWait_AUnitIsRefusedAtOnce()
    {
        using var admission = new Admission(1, 0, TimeSpan.FromMinutes(1));
        using var first = await admission.EnterAsync(Ct);

        var busy = await Assert.ThrowsAsync<ServiceBusyException>(async () => await admission.EnterAsync(Ct));
        Assert.Equal(60, busy.RetryAfterSeconds);
    }

    [Fact]
    public async Task AUnitThatWaitedTooLong_IsRefused_AndLeavesTheQueue()
    {
        using var admission = new Admission(1, 1, TimeSpan.FromMilliseconds(50));
        var first = await admission.EnterAsync(Ct);

        await Assert.ThrowsAsync<ServiceBusyException>(async () => await admission.EnterAsync(Ct));
        var next = admission.EnterAsync(Ct).AsTask();
        first.Dispose();
        using var turn = await next;

        Assert.True(turn.IsAcquired);
    }

    [Fact]
    public async Task AUnitWhoseCallerGaveUp_IsCancelled_NotRefused()
    {
        using var admission = new Admission(1, 1, TimeSpan.FromMinutes(1));
        using var first = await admission.EnterAsync(Ct);
        using var gone = new CancellationTokenSource();

        var waiting = admission.EnterAsync(gone.Token).AsTask();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
