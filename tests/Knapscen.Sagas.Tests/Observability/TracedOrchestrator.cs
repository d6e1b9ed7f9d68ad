namespace Knapscen.Sagas.Tests.Observability;

/// <summary>The real <c>knapscen serve</c> process exporting its traces to a loopback OTLP receiver.</summary>
internal sealed class TracedOrchestrator : IAsyncDisposable
{
    private readonly ServeUnderTest serve;

    private TracedOrchestrator(ServeUnderTest serve, OtlpReceiver receiver)
    {
        this.serve = serve;
        Receiver = receiver;
    }

    public Infrastructure.TestOrchestrator Publisher => serve.Publisher;

    public OtlpReceiver Receiver { get; }

    public Infrastructure.OrchestratorProcess Process => serve.Process;

    public IReadOnlyDictionary<string, string> Environment => serve.Environment;

    /// <param name="environment">More of serve's environment, e.g. the commands of some steps.</param>
    public static async Task<TracedOrchestrator> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var receiver = OtlpReceiver.Start();
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            // OTEL_EXPORTER_OTLP_PROTOCOL stays unset on purpose: the orchestrator must default to OTLP over HTTP, as Jaeger on 4318 expects.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        var serve = await ServeUnderTest.StartAsync(settings);
        return new TracedOrchestrator(serve, receiver);
    }

    public async ValueTask DisposeAsync()
    {
        await serve.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
