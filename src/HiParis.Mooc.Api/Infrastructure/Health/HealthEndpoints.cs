using System.Text.Json;
using HiParis.Mooc.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace HiParis.Mooc.Api.Infrastructure.Health;

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
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .DisableHttpMetrics();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .DisableHttpMetrics();
        return app;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Unhealthy)
        {
            var problem = GlobalExceptionHandler.DatabaseUnavailable(context);
            problem.Extensions["checks"] = report.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Status.ToString());
            await context.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
            return;
        }

        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Status.ToString()),
        });
    }
}
