using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class PersistenceSetupTests
{
    [Fact]
    public void AddMoocPersistence_WhenTheConnectionStringSetsNothing_AppliesTheDefaults()
    {
        var settings = Settings("Host=db;Database=mooc;Username=app");

        Assert.Equal(5, settings.Timeout);
        Assert.Equal(64, settings.MaxPoolSize);
        Assert.Equal(128, settings.MaxAutoPrepare);
        Assert.True(settings.NoResetOnClose);
        Assert.False(settings.Multiplexing);
    }

    [Fact]
    public void AddMoocPersistence_WhenTheConnectionStringSetsAValue_KeepsIt()
    {
        var settings = Settings("Host=db;Database=mooc;Username=app;Timeout=30;Maximum Pool Size=10;Max Auto Prepare=0;No Reset On Close=false");

        Assert.Equal(30, settings.Timeout);
        Assert.Equal(10, settings.MaxPoolSize);
        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.False(settings.NoResetOnClose);
    }

    private static NpgsqlConnectionStringBuilder Settings(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new($"ConnectionStrings:{PersistenceSetup.ConnectionStringName}", connectionString)]).Build();
        using var provider = new ServiceCollection().AddMoocPersistence(configuration).BuildServiceProvider();
        return new NpgsqlConnectionStringBuilder(provider.GetRequiredService<NpgsqlDataSource>().ConnectionString);
    }
}
