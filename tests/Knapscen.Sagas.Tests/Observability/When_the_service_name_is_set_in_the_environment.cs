using System.Text;
using Knapscen.Sagas.StateMachines.Telemetry;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>
/// Two installations exporting to one Jaeger are told apart by the standard variable, as with any OpenTelemetry SDK;
/// the built-in name is only the default.
/// </summary>
[Trait("Tier", "e2e")]
public sealed class When_the_service_name_is_set_in_the_environment
{
    private static readonly TimeSpan OnboardingTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_export_the_sagas_spans_under_that_name()
    {
        await using var traced = await TracedOrchestrator.StartAsync(new Dictionary<string, string> { ["OTEL_SERVICE_NAME"] = "knapscen-staging" });
        var sagaId = Guid.NewGuid();
        await traced.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        Assert.Equal("Completed", (await traced.Publisher.WaitForFinalAsync(sagaId, OnboardingTimeout)).State);

        var spans = await Eventually.ReturnsAsync(
            () =>
            {
                var ofSaga = traced.Receiver.Spans.Where(span => span.Tag(SpanAttributeNames.SagaId) == sagaId.ToString()).ToList();
                return Task.FromResult(ofSaga.Count > 0 ? ofSaga : null);
            },
            ExportTimeout,
            $"spans of saga {sagaId} reaching the receiver");

        Assert.All(spans, span => Assert.Equal("knapscen-staging", span.ServiceName));
    }
}
