using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Orchestrator.Telemetry;

/// <summary>Creates the adapters' observable gauges at start: an instrument exists only once its owner does.</summary>
internal sealed class ObservedGaugesActivation(IEnumerable<IObservedGauge> gauges) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolving the enumerable constructed every gauge; this only says so to the compiler.
        GC.KeepAlive(gauges);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
