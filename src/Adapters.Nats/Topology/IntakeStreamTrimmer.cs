using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Knapscen.Sagas.Adapters.Nats.Topology;

/// <summary>
/// The intake stream keeps events by age and size and refuses new ones when full (nothing unread is ever dropped), so
/// without trimming a busy installation fills it with events already applied and then refuses registrations and step
/// results alike: the benchmark's 100,000-onboarding run stalled that way after 69,000. Once the stream holds half of
/// its limit, everything below the durable consumer's acknowledgement floor is purged: those events are committed in
/// MySQL (acknowledged only after their commit) and the saga's inbox, not the stream, is what deduplicates them.
/// Every replica may trim; purging up to the same floor twice is harmless.
/// </summary>
internal sealed partial class IntakeStreamTrimmer(
    INatsJSContext jetStream,
    JetStreamNames names,
    IOptions<NatsOptions> options,
    ILogger<IntakeStreamTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(settings.IntakeTrimIntervalSeconds));
        try
        {
            while (await ticks.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await TrimAsync(settings, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NatsException or NatsJSApiException or TimeoutException)
                {
                    // The stream or consumer may not exist yet, or NATS is away: the next tick tries again.
                    LogNotTrimmed(names.IntakeStream, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TrimAsync(NatsOptions settings, CancellationToken cancellationToken)
    {
        var stream = await jetStream.GetStreamAsync(names.IntakeStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        if ((long)stream.Info.State.Bytes < settings.IntakeMaxBytes / 2)
        {
            return;
        }

        var consumer = await jetStream.GetConsumerAsync(names.IntakeStream, settings.ConsumerName, cancellationToken).ConfigureAwait(false);
        var floor = consumer.Info.AckFloor?.StreamSeq ?? 0;
        if (floor < stream.Info.State.FirstSeq)
        {
            return;
        }

        // Seq keeps the message at that sequence and everything after it: the first one not yet acknowledged.
        var purged = await jetStream.PurgeStreamAsync(names.IntakeStream, new StreamPurgeRequest { Seq = floor + 1 }, cancellationToken).ConfigureAwait(false);
        LogTrimmed(names.IntakeStream, purged.Purged, floor);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Intake stream {Stream} trimmed: {Purged} acknowledged events purged up to sequence {Floor}")]
    private partial void LogTrimmed(string stream, long purged, ulong floor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake stream {Stream} not trimmed this time: {Reason}")]
    private partial void LogNotTrimmed(string stream, string reason);
}
