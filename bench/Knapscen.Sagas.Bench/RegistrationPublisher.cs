using Knapscen.Sagas.Adapters.Nats.Topology;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Bench;

/// <summary>Publishes registrations on a connection of its own, as an outside producer would (<see cref="PacedPublishing"/>).</summary>
internal sealed class RegistrationPublisher(INatsJSContext jetStream, JetStreamNames names)
{
    /// <param name="storedSequence">Filled with each registration's sequence in the intake stream, from its ack.</param>
    public Task PublishAsync(
        IReadOnlyList<(Guid SagaId, string EventId, byte[] Body)> events,
        long[] publishedAt,
        ulong[] storedSequence,
        double? rate,
        int window,
        CancellationToken cancellationToken)
    {
        var subject = names.Subject(KnapscenSubjects.CustomerRegistered);
        return PacedPublishing.RunAsync(events.Count, rate, window, publishedAt, async (i, token) =>
        {
            var headers = new NatsHeaders { ["Content-Type"] = "application/cloudevents+json; charset=utf-8" };
            var ack = await jetStream.PublishAsync(
                subject, events[i].Body, headers: headers, opts: new NatsJSPubOpts { MsgId = events[i].EventId }, cancellationToken: token)
                .ConfigureAwait(false);
            ack.EnsureSuccess();
            storedSequence[i] = ack.Seq;
        }, cancellationToken);
    }
}
