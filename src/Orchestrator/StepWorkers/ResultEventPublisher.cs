using System.Net.Sockets;
using System.Security.Authentication;
using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using NATS.Client.Core;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Announces a step's result on NATS_SUBJECT. The event is information for whoever listens (Job status is what the
/// orchestrator acts on), so a NATS that cannot be reached is reported, never a reason to fail the step.
/// </summary>
internal static class ResultEventPublisher
{
    // Room for a TLS handshake (and the JIT of the TLS stack) in a fresh process on a busy node.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <returns>Null when published or when there is nowhere to publish; otherwise why it was not published.</returns>
    public static async Task<string?> TryPublishAsync(StepEnvironment environment, CloudEvent resultEvent, CancellationToken cancellationToken)
    {
        if (environment.Optional("NATS_SERVER") is not { } server || environment.Optional("NATS_SUBJECT") is not { } subject)
        {
            return null;
        }

        var settings = StepNatsConnection.Read(environment, server);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = new NatsConnection(settings.ToNatsOpts("knapscen-step") with
            {
                ConnectTimeout = Timeout,
                // One attempt: a step is short-lived and must not spend its deadline reconnecting for an informational event.
                MaxReconnectRetry = 0,
            });
            await CoreCloudEventPublisher.PublishStructuredAsync(connection, subject, resultEvent, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is NatsException or SocketException or IOException or TimeoutException or AuthenticationException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : settings.Describe(e);
            return $"warning: result event {resultEvent.Type} not published to NATS at {settings.DisplayUrl} on {subject}: {reason}";
            }
}
}
