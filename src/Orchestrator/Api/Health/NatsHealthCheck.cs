using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace Knapscen.Sagas.Orchestrator.Api.Health;

/// <summary>Ready only while the NATS connection is open: the intake and every step result depend on it.</summary>
internal sealed class NatsHealthCheck(INatsConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connection.ConnectionState == NatsConnectionState.Open
            ? HealthCheckResult.Healthy("connected to NATS")
            : HealthCheckResult.Unhealthy($"NATS connection is {connection.ConnectionState}"));
}
