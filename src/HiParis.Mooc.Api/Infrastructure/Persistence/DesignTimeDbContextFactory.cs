using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace HiParis.Mooc.Api.Infrastructure.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the host (and its embedded
/// database): adding a migration does not connect.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MoocDbContext>
{
    public MoocDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MoocDbContext>();
        options.UseMooc(NpgsqlDataSource.Create("Host=localhost;Database=mooc_design"));
        return new MoocDbContext(options.Options);
    }
}
