using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Knapscen.Sagas.Orchestrator.Telemetry;

/// <summary>
/// OpenTelemetry for the orchestrator. Traces are collected and exported over OTLP only when an endpoint is configured
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, environment or configuration); without one no source is listened to, so no
/// span is even created and nothing can fail to export. The other standard <c>OTEL_*</c> variables apply as usual.
/// </summary>
internal static class TelemetryRegistration
{
    public const string ServiceName = "knapscen-orchestrator";

    // The libraries' own sources: MassTransit's mediator and saga spans, every MySQL command, and (through the HTTP
    // instrumentation) Kubernetes API calls, each inside the saga span that caused it.
    private const string MassTransitSource = "MassTransit";
    private const string MySqlConnectorSource = "MySqlConnector";

    public static TBuilder AddKnapscenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // The built-in name goes first and the standard variables after it, so OTEL_SERVICE_NAME (or service.name in
        // OTEL_RESOURCE_ATTRIBUTES) tells installations apart, as with any OpenTelemetry SDK.
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource
            .Clear()
            .AddService(ServiceName)
            .AddTelemetrySdk()
            .AddEnvironmentVariableDetector());
        var otlp = OtlpSettings.From(builder.Configuration);
        if (!otlp.ExportConfigured)
        {
            return builder;
        }

        telemetry.WithTracing(tracing => tracing
            .SetSampler(new ParentBasedSampler(new LibraryCallsOutsideWorkDropped()))
            .AddSource(KnapscenActivitySource.Name, MassTransitSource, MySqlConnectorSource)
            .AddHttpClientInstrumentation()
            .AddOtlpExporter(otlp.Apply));
        return builder;
    }
}
