using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using NATS.Client.Core;

namespace Knapscen.Sagas.Adapters.Nats.Publishing;

/// <summary>
/// Publishes a structured-mode CloudEvent with a core NATS publish, for producers that must not depend on a stream
/// existing (the step workers): a stream that captures the subject keeps the event, and the event id as Nats-Msg-Id
/// lets it drop a republished copy; without a stream the message simply goes to whoever subscribes.
/// A core publish gets no acknowledgement, so the stream's "duplicate" verdict never reaches the step as an error:
/// for this path duplicate-is-success holds by construction (JetStream publishes use <see cref="IdempotentPublish"/>).
/// </summary>
public static class CoreCloudEventPublisher
{
    private static readonly NatsCloudEventBinding Binding = new();

    /// <summary>Returns once the server has seen the message (a round trip after the publish), not on a JetStream ack.</summary>
    public static async Task PublishStructuredAsync(INatsConnection connection, string subject, CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var (headers, body) = Binding.EncodeStructured(cloudEvent);
        headers["Nats-Msg-Id"] = cloudEvent.Id;
        await connection.PublishAsync(subject, body, headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        await connection.PingAsync(cancellationToken).ConfigureAwait(false);
    }
}
