using System.Text;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Observability;

[Trait("Tier", "e2e")]
public sealed class When_metrics_are_exported_over_otlp
{
    [Fact]
    public async Task An_otlp_endpoint_receives_the_knapscen_meter_as_protobuf()
    {
        await using var receiver = OtlpReceiver.Start();
        await using var serve = await ServeUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });

        // The intake backlog gauge reports from the start; protobuf keeps metric names as plain UTF-8 strings.
        var gaugeName = Encoding.UTF8.GetBytes("knapscen.intake.pending");
        var contentType = await Eventually.ReturnsAsync(
            () => Task.FromResult(receiver.MetricExports.Where(e => e.Body.AsSpan().IndexOf(gaugeName) >= 0).Select(e => e.ContentType).FirstOrDefault()),
            TimeSpan.FromSeconds(60),
            "an OTLP metrics export carrying the intake gauge");
        Assert.Equal("application/x-protobuf", contentType);
    }
}
