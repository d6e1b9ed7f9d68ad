using Knapscen.Sagas.Adapters.Nats;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace Knapscen.Sagas.Orchestrator.Api.Health;

/// <summary>Ready only while the NATS connection is open: the intake and every step result depend on it.</summary>
internal sealed class NatsHealthCheck(INatsConnection connection, IOptions<NatsOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The server is named so an operator knows which one; its URL never carries the credentials shown here.
        var server = options.Value.Connection().DisplayUrl;
        return Task.FromResult(connection.ConnectionState == NatsConnectionState.Open
            ? HealthCheckResult.Healthy($"connected to NATS at {server}")
            : HealthCheckResult.Unhealthy($"NATS at {server}: connection is {connection.ConnectionState}"));
    }
}
