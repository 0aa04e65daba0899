using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HiParis.Mooc.Api.Infrastructure.Observability;

public static class ObservabilitySetup
{
    /// <summary>
    /// Traces and metrics of HTTP and SQL, exported over OTLP when an endpoint is configured. Without one
    /// nothing is recorded: an activity per request and per command that nobody reads costs every request.
    /// </summary>
    public static WebApplicationBuilder AddMoocObservability(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("hiparis-mooc-api"))
                .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddNpgsql())
                .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter("Npgsql"))
                .UseOtlpExporter();
        }

        return builder;
    }
}
