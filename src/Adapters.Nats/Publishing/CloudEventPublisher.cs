using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Topology;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats.Publishing;

/// <summary>
/// Publishes CloudEvents into JetStream with the event id as Nats-Msg-Id, so a publisher that retries after a lost
/// ack does not create a second message (server-side dedup within the stream's duplicate window); the server's
/// "duplicate" answer to such a retry is success (<see cref="IdempotentPublish"/>).
/// </summary>
public sealed class CloudEventPublisher
{
    private readonly INatsJSContext jetStream;
    private readonly JetStreamNames names;
    private readonly JetStreamTopology topology;
    private readonly NatsCloudEventBinding binding;

    internal CloudEventPublisher(INatsJSContext jetStream, JetStreamNames names, JetStreamTopology topology, NatsCloudEventBinding binding)
    {
        this.binding = binding;
        this.jetStream = jetStream;
        this.names = names;
        this.topology = topology;
    }

    /// <summary>Creates the streams when missing, so events published before the orchestrator first starts are kept.</summary>
    public Task EnsureStreamsAsync(CancellationToken cancellationToken) => topology.EnsureStreamsAsync(cancellationToken);

    /// <param name="subject">The subject before the installation's prefix, e.g. <c>customer-registered</c>.</param>
    /// <param name="binaryMode">Attributes as ce- headers instead of one JSON document.</param>
    /// <returns>True when this call stored the event; false when an event with its id was already stored (still success).</returns>
    public Task<bool> PublishAsync(string subject, CloudEvent cloudEvent, bool binaryMode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var (headers, body) = binaryMode ? binding.EncodeBinary(cloudEvent) : binding.EncodeStructured(cloudEvent);
        return jetStream.PublishOnceAsync(names.Subject(subject), body, headers, cloudEvent.Id!, cancellationToken);
    }
}
