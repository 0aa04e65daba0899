using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiParis.Mooc.IntegrationTests.Features.Platform;

/// <summary>What counts as a sent COMMIT, after which a unit of work is never run again (ADR 12).</summary>
public sealed class CommitMarkerTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Reads_LeaveTheUnitOfWorkRepeatable()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MoocDbContext>();
        db.CommitSent = false;

        await db.Users.AnyAsync(TestContext.Current.CancellationToken);
        await db.Courses.CountAsync(TestContext.Current.CancellationToken);

        Assert.False(db.CommitSent);
    }

    [Fact]
    public async Task AWriteOutsideATransaction_CommitsByItself_AndCountsAsSent()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MoocDbContext>();
        db.CommitSent = false;

        await db.Users.Where(user => user.Email == "nobody@example.org").ExecuteUpdateAsync(set => set.SetProperty(user => user.DisplayName, "x"), TestContext.Current.CancellationToken);

        Assert.True(db.CommitSent);
    }

    [Fact]
    public async Task ATransactionsCommit_CountsAsSent()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MoocDbContext>();
        db.CommitSent = false;
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await db.Users.Where(user => user.Email == "nobody@example.org").ExecuteUpdateAsync(set => set.SetProperty(user => user.DisplayName, "x"), TestContext.Current.CancellationToken);
        Assert.False(db.CommitSent);

        await transaction.CommitAsync(TestContext.Current.CancellationToken);

        Assert.True(db.CommitSent);
    }
}
