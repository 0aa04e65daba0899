using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Cli;
using HiParis.Mooc.Api.Features.Me;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.IntegrationTests.Features.Platform;

public sealed class CliTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => api.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task DbMigrate_OnAnUpToDateDatabase_SucceedsAndChangesNothing()
    {
        var exitCode = await MoocCli.RunAsync(["db", "migrate"], api.Services);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task UsersCreateAdmin_TakesThePasswordFromTheEnvironment_AndTheAdminCanLogIn()
    {
        Environment.SetEnvironmentVariable(MoocCli.AdminPasswordVariable, "a long admin passphrase");
        try
        {
            var exitCode = await MoocCli.RunAsync(["users", "create-admin", "--email", "root@example.org", "--display-name", "Root"], api.Services);
            var again = await MoocCli.RunAsync(["users", "create-admin", "--email", "root@example.org"], api.Services);

            Assert.Equal(0, exitCode);
            Assert.Equal(0, again);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MoocCli.AdminPasswordVariable, null);
        }

        var client = api.CreateClient();
        client.UseBearer((await client.LoginAsync("root@example.org", "a long admin passphrase")).AccessToken);
        var me = await client.GetFromJsonAsync<JsonElement>(MeApiPaths.Me, TestContext.Current.CancellationToken);
        Assert.Equal("Root", me.GetProperty("displayName").GetString());
        Assert.Equal(["Admin", "Learner"], me.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
        Assert.Equal(1, await api.CountRowsAsync("users"));
    }

    [Fact]
    public async Task UsersCreateAdmin_WithAWeakPassword_FailsAndCreatesNothing()
    {
        Environment.SetEnvironmentVariable(MoocCli.AdminPasswordVariable, "short");
        try
        {
            var exitCode = await MoocCli.RunAsync(["users", "create-admin", "--email", "weak-admin@example.org"], api.Services);

            Assert.Equal(1, exitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MoocCli.AdminPasswordVariable, null);
        }

        Assert.Equal(0, await api.CountRowsAsync("users"));
    }
}
