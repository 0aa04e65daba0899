using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

// The physical limits of "one request, one statement" on this machine: ASP.NET Core answers each request
// with one primary-key SELECT (a read), or one primary-key UPDATE committed on its own (a write), through
// raw Npgsql, with the API's connection settings (pool of 64, statements prepared automatically, no reset
// on close, no multiplexing).
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
app.MapPost("/baseline/enrollments/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, CancellationToken cancellationToken) =>
{
    // The column a heartbeat always writes; the statement commits on its own (autocommit), as a write with
    // nothing else to do would.
    await using var command = dataSource.CreateCommand("UPDATE enrollments SET last_activity_at = $2 WHERE id = $1");
    command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
    command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
    return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? TypedResults.NoContent() : TypedResults.NotFound();
});
await app.RunAsync();

internal sealed record LearnerRow(Guid Id, string DisplayName);
