using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

// The physical limit of "one request, one query" on this machine: ASP.NET Core answers each request
// with one primary-key SELECT through raw Npgsql, with the API's connection settings (pool of 64,
// statements prepared automatically, no reset on close, no multiplexing).
var builder = WebApplication.CreateBuilder(args);
var connectionString = new NpgsqlConnectionStringBuilder(builder.Configuration.GetConnectionString("Mooc"))
{
    MaxPoolSize = 64,
    MaxAutoPrepare = 128,
    NoResetOnClose = true,
    Multiplexing = false,
    ApplicationName = "hiparis-mooc-baseline",
};
await using var dataSource = NpgsqlDataSource.Create(connectionString);

var app = builder.Build();
app.MapGet("/baseline/{id:guid}", async Task<Results<Ok<LearnerRow>, NotFound>> (Guid id, CancellationToken cancellationToken) =>
{
    await using var command = dataSource.CreateCommand("SELECT id, display_name FROM users WHERE id = $1");
    command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
    return await reader.ReadAsync(cancellationToken) ? TypedResults.Ok(new LearnerRow(reader.GetGuid(0), reader.GetString(1))) : TypedResults.NotFound();
});
await app.RunAsync();

internal sealed record LearnerRow(Guid Id, string DisplayName);
