using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HiParis.Mooc.Api.Infrastructure.Observability;

public static class ObservabilitySetup
{
    /// <summary>Traces and metrics of HTTP and SQL; exported over OTLP only when an endpoint is configured.</summary>
    public static WebApplicationBuilder AddMoocObservability(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("hiparis-mooc-api"))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddNpgsql())
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter("Npgsql"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
