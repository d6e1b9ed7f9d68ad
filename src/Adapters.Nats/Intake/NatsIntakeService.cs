using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Channels;
using NATS.Client.Core;
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
        var consumer = await ConnectAsync(settings, stoppingToken).ConfigureAwait(false);
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

    /// <summary>
    /// Waits for NATS rather than stopping the process: /health/ready reports it down meanwhile, which is what an
    /// operator (or Kubernetes) acts on when the server is away or refuses these credentials.
    /// </summary>
    private async Task<INatsJSConsumer> ConnectAsync(NatsOptions settings, CancellationToken stoppingToken)
    {
        var connection = settings.Connection();
        var pause = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await topology.EnsureAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NatsException or SocketException or IOException or TimeoutException or AuthenticationException)
            {
                LogNotConnected(connection.DisplayUrl, connection.Describe(e), pause.TotalSeconds);
            }

            await Task.Delay(pause, stoppingToken).ConfigureAwait(false);
            pause = TimeSpan.FromSeconds(Math.Min(30, pause.TotalSeconds * 2));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS intake cannot start at {Server}: {Reason}; trying again in {Seconds} s")]
    private partial void LogNotConnected(string server, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS intake stopped")]
    private partial void LogStopped();
}
