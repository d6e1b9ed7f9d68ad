using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>
/// The messages this process holds unsettled, waiting in a lane or being applied, each reported in progress to the
/// server before AckWait runs out. Without that, an event that only waited its turn here longer than AckWait is
/// redelivered (to this replica or another) while its first copy is still on its way: the two copies then race for the
/// saga's row, and when the transaction that applied one loses a deadlock after launching its steps, the other launches
/// them again; a local step process, unlike a Job, cannot tell it ran before in another replica.
/// </summary>
internal sealed partial class HeldMessages(TimeSpan progressInterval, TimeProvider time, ILogger logger)
{
    // By reference: two deliveries of one event are two holds, each settled on its own.
    private readonly ConcurrentDictionary<IntakeItem, long> lastReported = new(ReferenceEqualityComparer.Instance);

    public void Hold(IntakeItem item) => lastReported[item] = time.GetTimestamp();

    /// <summary>The message is acknowledged, nak'd or left for redelivery: no more progress reports for it.</summary>
    public void Release(IntakeItem item) => lastReported.TryRemove(item, out _);

    /// <summary>
    /// Until cancelled: every message held for half an interval or more since its last report (or its hold) gets a
    /// progress report, so a held message is reported every tick and at most one and a half intervals after its hold.
    /// </summary>
    public async Task ReportProgressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(progressInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await ReportDueAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReportDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        var reported = 0;
        foreach (var (item, since) in lastReported)
        {
            // Half, not a whole interval: the ticks come an interval apart give or take a little, so a message reported
            // at one tick would often miss the next by a hair and wait a second interval, leaving AckWait's last third
            // as the only margin for a late tick. A release between the snapshot and here makes the update fail: the
            // settled message gets no report.
            if (time.GetElapsedTime(since, now) < progressInterval / 2 || !lastReported.TryUpdate(item, now, since))
            {
                continue;
            }

            try
            {
                await item.Message.AckProgressAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                reported++;
            }
            catch (NatsException e)
            {
                // The next tick tries again; if the connection stays away, redelivery is the fallback it always was.
                LogProgressFailed(e, item.Message.Subject);
            }
        }

        if (reported > 0)
        {
            LogReported(reported);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reported {Count} held events in progress, so the server does not redeliver them")]
    private partial void LogReported(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report the event on {Subject} in progress; the server may redeliver it")]
    private partial void LogProgressFailed(Exception error, string subject);
}
