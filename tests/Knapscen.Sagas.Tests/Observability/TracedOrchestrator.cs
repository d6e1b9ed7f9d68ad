using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>The real <c>knapscen serve</c> process exporting its traces to a loopback OTLP receiver.</summary>
internal sealed class TracedOrchestrator : IAsyncDisposable
{
    private TracedOrchestrator(TestOrchestrator publisher, OtlpReceiver receiver, OrchestratorProcess process, Dictionary<string, string> environment)
    {
        Publisher = publisher;
        Receiver = receiver;
        Process = process;
        Environment = environment;
    }

    public TestOrchestrator Publisher { get; }

    public OtlpReceiver Receiver { get; }

    public OrchestratorProcess Process { get; }

    public Dictionary<string, string> Environment { get; }

    public static async Task<TracedOrchestrator> StartAsync()
    {
        var receiver = OtlpReceiver.Start();
        var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await publisher.ProcessEnvironmentAsync(StepCommands.All());
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        // OTEL_EXPORTER_OTLP_PROTOCOL stays unset on purpose: the orchestrator must default to OTLP over HTTP, as Jaeger on 4318 expects.
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        var process = OrchestratorProcess.Start(environment, "serve");
        return new TracedOrchestrator(publisher, receiver, process, environment);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Publisher.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
