using HiParis.Mooc.Api.Cli;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.IntegrationTests.Features.Platform;

/// <summary>
/// The key ring emptied under a running host: in a class of its own, so that no other test's tokens depend on
/// the keys it deletes (test order follows the assembly's path, so a shared host failed in some checkouts).
/// </summary>
public sealed class KeyRingCliTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task DbMigrate_OnAnEmptyKeyRing_CreatesOneDataProtectionKey_SoInstancesStartedTogetherShareIt()
    {
        await api.WithScopeAsync<MoocDbContext, int>(db => db.DataProtectionKeys.ExecuteDeleteAsync(TestContext.Current.CancellationToken));

        var first = await MoocCli.RunAsync(["db", "migrate"], api.Services);
        var again = await MoocCli.RunAsync(["db", "migrate"], api.Services);

        Assert.Equal(0, first);
        Assert.Equal(0, again);
        Assert.Equal(1, await api.WithScopeAsync<MoocDbContext, int>(db => db.DataProtectionKeys.CountAsync(TestContext.Current.CancellationToken)));
    }
}
