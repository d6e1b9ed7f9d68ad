using Knapscen.Sagas.Orchestrator.Hosting;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Bench;

/// <summary>The real orchestrator composition in this process, with only the step launcher replaced.</summary>
internal static class BenchOrchestrator
{
    public static async Task<IHost> StartAsync(BenchStack stack, BenchOptions options, LaunchRecorder recorder, CancellationToken cancellationToken)
    {
        var builder = OrchestratorHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Nats:Url"] = stack.NatsUrl,
            ["Nats:SubjectPrefix"] = stack.SubjectPrefix,
            ["Nats:Workers"] = options.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Database:ConnectionString"] = stack.ConnectionString,
            // One Information line per launch would make the console the bottleneck; production ships logs elsewhere.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddOrchestrator();
        builder.Services.AddSingleton(recorder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IStepLauncher, InstantStepLauncher>());

        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }
}
