using System.Diagnostics;
using Knapscen.Sagas.Adapters.Nats.Topology;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// Publishes registrations on a connection of its own, as an outside producer would, with a window of un-acked
/// publishes (awaiting each ack one at a time caps near 8k/s here), optionally paced to a fixed rate.
/// </summary>
internal sealed class RegistrationPublisher(INatsJSContext jetStream, JetStreamNames names)
{
    public async Task PublishAsync(
        IReadOnlyList<(Guid SagaId, string EventId, byte[] Body)> events,
        long[] publishedAt,
        ulong[] storedSequence,
        double? rate,
        int window,
        CancellationToken cancellationToken)
    {
        var subject = names.Subject(KnapscenSubjects.CustomerRegistered);
        using var slots = new SemaphoreSlim(window);
        var inFlight = new List<Task>(events.Count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < events.Count; i++)
        {
            if (rate is { } perSecond)
            {
                var due = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken).ConfigureAwait(false);
                }
            }

            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            publishedAt[i] = Stopwatch.GetTimestamp();
            var index = i;
            inFlight.Add(PublishOneAsync(subject, events[i], sequence => storedSequence[index] = sequence, slots, cancellationToken));
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private async Task PublishOneAsync(
        string subject, (Guid SagaId, string EventId, byte[] Body) item, Action<ulong> stored, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var headers = new NatsHeaders { ["Content-Type"] = "application/cloudevents+json; charset=utf-8" };
            var ack = await jetStream.PublishAsync(
                subject, item.Body, headers: headers, opts: new NatsJSPubOpts { MsgId = item.EventId }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            ack.EnsureSuccess();
            stored(ack.Seq);
        }
        finally
        {
            slots.Release();
        }
    }
}
