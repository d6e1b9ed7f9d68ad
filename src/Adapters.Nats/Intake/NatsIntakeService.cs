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
/// Pulls events from the durable consumer and never waits on their processing: events of a saga go to
/// <see cref="SagaLanes"/>, where workers take several sagas' next events at a time (one group transaction, see
/// <see cref="IntakeMessageHandler.HandleGroupAsync"/>) and one saga's events never race each other; invalid and
/// informational events go to a lane of their own, so neither a flood of them nor a slow saga holds up the others. A
/// message is acknowledged only by <see cref="IntakeMessageHandler"/>, after the saga transaction committed.
/// </summary>
internal sealed partial class NatsIntakeService(
    JetStreamTopology topology,
    IntakeMessageHandler handler,
    IOptions<NatsOptions> options,
    TimeProvider time,
    ILogger<NatsIntakeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var consumer = await ConnectAsync(settings, stoppingToken).ConfigureAwait(false);
        LogStarted(settings.ConsumerName, settings.Workers, settings.GroupCommitSize);

        var lanes = new SagaLanes();
        // A third of AckWait: a report lost to a slow tick or a busy connection still has two more chances.
        var held = new HeldMessages(TimeSpan.FromSeconds(settings.AckWaitSeconds) / 3, time, logger);
        using var stopReporting = new CancellationTokenSource();
        var reporting = held.ReportProgressAsync(stopReporting.Token);
        // Unbounded like the lanes: the consumer's MaxAckPending caps what the server hands out unacknowledged.
        var sideLane = Channel.CreateUnbounded<IntakeItem>(new UnboundedChannelOptions { SingleWriter = true });
        var maxWait = TimeSpan.FromMilliseconds(settings.GroupCommitMaxWaitMs);
        // Workers finish what they hold on shutdown; the reader stops first, so nothing new is taken.
        var workers = Enumerable.Range(0, settings.Workers)
            .Select(_ => RunSagaWorkerAsync(lanes, held, settings.GroupCommitSize, maxWait))
            .Concat(Enumerable.Range(0, settings.DeadLetterWorkers).Select(_ => RunSideWorkerAsync(sideLane.Reader, held)))
            .ToArray();
        try
        {
            await foreach (var message in consumer.ConsumeAsync<byte[]>(
                opts: new NatsJSConsumeOpts { MaxMsgs = Math.Max(64, settings.Workers * 16) },
                cancellationToken: stoppingToken).ConfigureAwait(false))
            {
                var item = handler.Decode(message);
                held.Hold(item);
                if (item.InvalidReason is null && item.PartitionKey is { } sagaId)
                {
                    lanes.Add(sagaId, item);
                }
                else
                {
                    sideLane.Writer.TryWrite(item);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lanes.Complete();
            sideLane.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
            // Only now: the workers finish the messages they hold, and those may take longer than AckWait.
            await stopReporting.CancelAsync().ConfigureAwait(false);
            await reporting.ConfigureAwait(false);
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

    private async Task RunSagaWorkerAsync(SagaLanes lanes, HeldMessages held, int groupSize, TimeSpan maxWait)
    {
        while (await lanes.TakeAsync(groupSize, maxWait).ConfigureAwait(false) is { } items)
        {
            try
            {
                // Not the stopping token: messages already taken are finished (committed and acked, or nak'd) before exit.
                await handler.HandleGroupAsync(items, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                // Whatever happened, the sagas go back to the lanes: an unsettled message is redelivered by the server.
                foreach (var item in items)
                {
                    held.Release(item);
                    lanes.Done(item.PartitionKey!.Value);
                }
            }
        }
    }

    private async Task RunSideWorkerAsync(ChannelReader<IntakeItem> reader, HeldMessages held)
    {
        await foreach (var item in reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await handler.HandleAsync(item, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                held.Release(item);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS intake consuming as {Consumer} with {Workers} saga workers, up to {GroupSize} sagas per transaction")]
    private partial void LogStarted(string consumer, int workers, int groupSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS intake cannot start at {Server}: {Reason}; trying again in {Seconds} s")]
    private partial void LogNotConnected(string server, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS intake stopped")]
    private partial void LogStopped();
}
