using System.Threading.Channels;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>
/// Pulls events from the durable consumer and hands each to a worker chosen by its saga id, so events of one saga
/// never race each other while different sagas proceed in parallel. A message is acknowledged only by
/// <see cref="IntakeMessageHandler"/>, after the saga transaction committed.
/// </summary>
internal sealed partial class NatsIntakeService(
    JetStreamTopology topology,
    IntakeMessageHandler handler,
    IOptions<NatsOptions> options,
    ILogger<NatsIntakeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var consumer = await topology.EnsureAsync(stoppingToken).ConfigureAwait(false);
        LogStarted(settings.ConsumerName, settings.Workers);

        var partitions = Enumerable.Range(0, settings.Workers)
            .Select(_ => Channel.CreateBounded<IntakeItem>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        // Workers finish what they hold on shutdown; the reader stops first, so nothing new is taken.
        var workers = partitions.Select(channel => RunWorkerAsync(channel.Reader)).ToArray();
        try
        {
            await foreach (var message in consumer.ConsumeAsync<byte[]>(
                opts: new NatsJSConsumeOpts { MaxMsgs = Math.Max(64, settings.Workers * 16) },
                cancellationToken: stoppingToken).ConfigureAwait(false))
            {
                var item = handler.Decode(message);
                var partition = item.PartitionKey is { } key ? (int)((uint)key.GetHashCode() % (uint)partitions.Length) : 0;
                await partitions[partition].Writer.WriteAsync(item, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var channel in partitions)
            {
                channel.Writer.TryComplete();
            }

            await Task.WhenAll(workers).ConfigureAwait(false);
            LogStopped();
        }
    }

    private async Task RunWorkerAsync(ChannelReader<IntakeItem> reader)
    {
        await foreach (var item in reader.ReadAllAsync().ConfigureAwait(false))
        {
            // Not the stopping token: a message already taken is finished (committed and acked, or nak'd) before exit.
            await handler.HandleAsync(item, CancellationToken.None).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS intake consuming as {Consumer} with {Workers} workers")]
    private partial void LogStarted(string consumer, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS intake stopped")]
    private partial void LogStopped();
}
