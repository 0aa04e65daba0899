using HiParis.Mooc.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace HiParis.Mooc.Api.Infrastructure.Health;

/// <summary>What a health probe answers: the overall status, how long the checks took, each check's status.</summary>
public sealed record HealthResponse(string Status, double DurationMs, IReadOnlyDictionary<string, string> Checks);

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddMoocHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));
        return services;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: and the database does too.</summary>
    public static IEndpointRouteBuilder MapMoocHealthChecks(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous().DisableHttpMetrics();
        health.MapGet("/live", Live).WithName("Live").WithSummary("The process answers (no check of the database).");
        health.MapGet("/ready", Ready).WithName("Ready").WithSummary("The service can serve: the database answers within 3 s; 503 ProblemDetails when it does not.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Ok<HealthResponse> Live() => TypedResults.Ok(new HealthResponse(nameof(HealthStatus.Healthy), 0, new Dictionary<string, string>()));

    private static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> Ready(HealthCheckService checks, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        var entries = report.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Status.ToString());
        if (report.Status == HealthStatus.Unhealthy)
        {
            var problem = GlobalExceptionHandler.DatabaseUnavailable(http);
            problem.Extensions["checks"] = entries;
            return TypedResults.Problem(problem);
        }

        return TypedResults.Ok(new HealthResponse(report.Status.ToString(), Math.Round(report.TotalDuration.TotalMilliseconds, 1), entries));
    }
}
