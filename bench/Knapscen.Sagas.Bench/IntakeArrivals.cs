using Knapscen.Sagas.Adapters.Nats.Topology;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// When the intake stream stored each registration of a pass: the event's arrival in the system, as opposed to the
/// moment the publisher began sending it. Read after the pass (headers only, through an ordered consumer from the
/// pass's first sequence), so the reading costs the measured passes nothing.
/// </summary>
internal sealed class IntakeArrivals(INatsJSContext jetStream, JetStreamNames names)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The stored time of each sequence (default where the stream no longer has it), in the order given.</summary>
    public async Task<DateTimeOffset[]> ReadStoredAtAsync(IReadOnlyList<ulong> sequences, CancellationToken cancellationToken)
    {
        var storedAt = new DateTimeOffset[sequences.Count];
        var wanted = new Dictionary<ulong, int>(sequences.Count);
        for (var i = 0; i < sequences.Count; i++)
        {
            if (sequences[i] != 0)
            {
                wanted[sequences[i]] = i;
            }
        }

        if (wanted.Count == 0)
        {
            return storedAt;
        }

        var last = wanted.Keys.Max();
        var consumer = await jetStream.CreateOrderedConsumerAsync(names.IntakeStream, new NatsJSOrderedConsumerOpts
        {
            FilterSubjects = [names.Subject(KnapscenSubjects.CustomerRegistered)],
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = wanted.Keys.Min(),
            HeadersOnly = true,
        }, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        var found = 0;
        try
        {
            await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: timeout.Token).ConfigureAwait(false))
            {
                if (message.Metadata is not { } metadata)
                {
                    continue;
                }

                if (wanted.TryGetValue(metadata.Sequence.Stream, out var index))
                {
                    storedAt[index] = metadata.Timestamp;
                    found++;
                }

                // The stream may have trimmed some; past the pass's last sequence nothing more of it can come.
                if (found == wanted.Count || metadata.Sequence.Stream >= last)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Trimmed up to the end of the pass: the arrivals read so far are reported, the rest have none.
        }

        return storedAt;
    }
}
