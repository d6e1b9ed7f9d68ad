using System.Diagnostics;
using Knapscen.Sagas.Adapters.Nats.Topology;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Knapscen.Sagas.Bench;

/// <param name="Latency">Publish → delivered to the consumer, milliseconds.</param>
internal sealed record TransportFloorResult(double MessagesPerSecond, double Seconds, Percentiles Latency);

/// <summary>
/// What NATS alone costs at the half-rate pass's message rate, in the same run: messages published to a file-backed
/// stream of their own at that rate (evenly spaced), consumed and acknowledged one by one by a plain consumer on a
/// connection of its own, with the orchestrator idle. Publish → delivered is the floor under every event's
/// publish → launch, so the latency target can be read against what the transport leaves of it on this machine.
/// </summary>
internal static class TransportFloorRun
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public static async Task<TransportFloorResult> RunAsync(
        string natsUrl, JetStreamNames names, double messagesPerSecond, int window, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var publishing = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "knapscen-bench-floor-publisher" });
        await using var consuming = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "knapscen-bench-floor-consumer" });
        var publisher = new NatsJSContext(publishing);
        var stream = names.IntakeStream + "_TRANSPORT_FLOOR";
        var subject = names.Subject("bench.transport-floor");
        await publisher.CreateStreamAsync(new StreamConfig(stream, [subject]) { Storage = StreamConfigStorage.File }, cancellationToken).ConfigureAwait(false);
        try
        {
            var consumer = await new NatsJSContext(consuming).CreateOrUpdateConsumerAsync(
                stream, new ConsumerConfig("floor") { AckPolicy = ConsumerConfigAckPolicy.Explicit }, cancellationToken).ConfigureAwait(false);
            var warmUpCount = (int)Math.Ceiling(messagesPerSecond * WarmUp.TotalSeconds);
            var count = warmUpCount + (int)Math.Ceiling(messagesPerSecond * duration.TotalSeconds);
            var publishedAt = new long[count];
            var latencies = new double[count];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(WarmUp + duration + TimeSpan.FromSeconds(60));
            var receiving = ReceiveAsync(consumer, publishedAt, latencies, timeout.Token);
            // The passes' window, so the floor is published as their events are.
            await PacedPublishing.RunAsync(count, messagesPerSecond, window, publishedAt, async (i, token) =>
                (await publisher.PublishAsync(subject, BitConverter.GetBytes(i), cancellationToken: token).ConfigureAwait(false)).EnsureSuccess(),
                timeout.Token).ConfigureAwait(false);
            await receiving.ConfigureAwait(false);
            return new TransportFloorResult(messagesPerSecond, duration.TotalSeconds, Percentiles.Of(latencies[warmUpCount..]));
        }
        finally
        {
            await publisher.DeleteStreamAsync(stream, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ReceiveAsync(INatsJSConsumer consumer, long[] publishedAt, double[] latencies, CancellationToken cancellationToken)
    {
        var received = 0;
        await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = 64 }, cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            var now = Stopwatch.GetTimestamp();
            var index = BitConverter.ToInt32(message.Data);
            latencies[index] = Stopwatch.GetElapsedTime(publishedAt[index], now).TotalMilliseconds;
            await message.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (++received == publishedAt.Length)
            {
                return;
            }
        }
    }
}
