using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Knapscen.Sagas.Orchestrator.Api.Health;

/// <summary>Says which step launcher is active; resolving it also proves its options passed validation.</summary>
internal sealed class StepLauncherHealthCheck(IEnumerable<IStepLauncher> launchers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var active = launchers.LastOrDefault();
        return Task.FromResult(active is null
            ? HealthCheckResult.Unhealthy("no step launcher is registered")
            : HealthCheckResult.Healthy($"step launcher: {active.Name}", new Dictionary<string, object> { ["launcher"] = active.Name }));
    }
}
