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

    // The standard switch: Jaeger takes traces but no metrics, so an installation that sends traces to Jaeger and lets
    // Prometheus scrape /metrics sets it to none.
    private const string MetricsExporterVariable = "OTEL_METRICS_EXPORTER";

    public static TBuilder AddKnapscenMetrics<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOnboardingMetrics();
        builder.Services.AddHostedService<ObservedGaugesActivation>();
        var otlp = OtlpSettings.From(builder.Configuration);
        var exportOverOtlp = otlp.ExportConfigured
            && !string.Equals(builder.Configuration[MetricsExporterVariable]?.Trim(), "none", StringComparison.OrdinalIgnoreCase);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(OnboardingMetrics.MeterName).AddRuntimeInstrumentation();
            if (exportOverOtlp)
            {
                metrics.AddOtlpExporter(otlp.Apply);
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
