using System.Text;
using System.Text.RegularExpressions;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;

namespace Knapscen.Sagas.Tests.Observability;

[Trait("Tier", "e2e")]
public sealed partial class When_tracing_is_not_configured
{
    [Fact]
    public async Task Should_run_an_onboarding_without_spans_or_exporter_errors()
    {
        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await publisher.ProcessEnvironmentAsync(StepCommands.All());
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        var sagaId = Guid.NewGuid();

        List<string> output;
        await using (var orchestrator = OrchestratorProcess.Start(environment, "serve"))
        {
            await publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
            Assert.Equal("Completed", (await publisher.WaitForFinalAsync(sagaId, TimeSpan.FromSeconds(120))).State);
            output = [.. orchestrator.Output];
        }

        // The process did log (so the check below looks at real output), and nothing about exporting.
        Assert.Contains(output, line => line.Contains("Step launcher:", StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => ExporterTalk().IsMatch(line));
        // Nothing listened, so no span existed whose context the saga could keep.
        Assert.Null(await SagaTrace.StoredTraceParentAsync(publisher.ConnectionString, sagaId));
    }

    [GeneratedRegex("otlp|opentelemetry|export", RegexOptions.IgnoreCase)]
    private static partial Regex ExporterTalk();
}
