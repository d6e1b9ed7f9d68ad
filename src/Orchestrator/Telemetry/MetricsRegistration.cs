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
    private const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    // The standard switch: Jaeger takes traces but no metrics, so an installation that sends traces to Jaeger and lets
    // Prometheus scrape /metrics sets it to none.
    private const string MetricsExporterVariable = "OTEL_METRICS_EXPORTER";

    public static TBuilder AddKnapscenMetrics<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOnboardingMetrics();
        builder.Services.AddHostedService<ObservedGaugesActivation>();
        // Without an endpoint no OTLP exporter exists at all, so nothing retries or logs against a collector that is not there.
        var exportOverOtlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable])
            && !string.Equals(builder.Configuration[MetricsExporterVariable]?.Trim(), "none", StringComparison.OrdinalIgnoreCase);
        var protocolConfigured = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpProtocolVariable]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(OnboardingMetrics.MeterName).AddRuntimeInstrumentation();
            if (exportOverOtlp)
            {
                // Same default as the traces: OTLP over HTTP (4318), where the SDK's own default is gRPC (4317).
                metrics.AddOtlpExporter(otlp =>
                {
                    if (!protocolConfigured)
                    {
                        otlp.Protocol = OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
                    }
                });
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
