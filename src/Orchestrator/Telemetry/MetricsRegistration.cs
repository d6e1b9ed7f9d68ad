using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Knapscen.Sagas.Orchestrator.Telemetry;

/// <summary>
/// The orchestrator's metrics (meter <see cref="OnboardingMetrics.MeterName"/> and .NET runtime), pushed over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and scraped from <c>/metrics</c> on <c>knapscen serve</c>.
/// </summary>
internal static class MetricsRegistration
{
    public const string ScrapePath = "/metrics";

    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static TBuilder AddKnapscenMetrics<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOnboardingMetrics();
        builder.Services.AddHostedService<ObservedGaugesActivation>();
        // Without an endpoint no OTLP exporter exists at all, so nothing retries or logs against a collector that is not there.
        var exportOverOtlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(OnboardingMetrics.MeterName).AddRuntimeInstrumentation();
            if (exportOverOtlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        return builder;
    }

    /// <summary>The Prometheus exporter behind <see cref="ScrapePath"/>; see <see cref="MapMetrics"/>.</summary>
    public static WebApplicationBuilder AddMetricsEndpoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        return builder;
    }

    /// <summary>Open like the health probes: Prometheus scrapes without a bearer token, and the numbers name no customer.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(ScrapePath).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}
