using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Knapscen.Sagas.Orchestrator.Telemetry;

/// <summary>The standard OTLP variables as traces and metrics both read them (environment or configuration).</summary>
internal sealed class OtlpSettings
{
    private const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";

    private readonly bool protocolConfigured;

    private OtlpSettings(bool exportConfigured, bool protocolConfigured)
    {
        ExportConfigured = exportConfigured;
        this.protocolConfigured = protocolConfigured;
    }

    /// <summary>Without an endpoint no OTLP exporter is created, so nothing retries or logs against a collector that is not there.</summary>
    public bool ExportConfigured { get; }

    public static OtlpSettings From(IConfiguration configuration) =>
        new(!string.IsNullOrWhiteSpace(configuration[EndpointKey]), !string.IsNullOrWhiteSpace(configuration[ProtocolKey]));

    /// <summary>
    /// Jaeger and collectors listen for OTLP over HTTP on 4318, the SDK's own default is gRPC on 4317: HTTP unless a
    /// protocol is configured. The endpoint, headers and the rest come from the SDK's own reading of the variables.
    /// </summary>
    public void Apply(OtlpExporterOptions options)
    {
        if (!protocolConfigured)
        {
            options.Protocol = OtlpExportProtocol.HttpProtobuf;
        }
    }
}
