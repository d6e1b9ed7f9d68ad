using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Persistence.Retention;

/// <summary>Prunes the inbox every sweep interval for the life of the host.</summary>
internal sealed partial class InboxRetentionService(
    InboxPruner pruner,
    IOptions<InboxRetentionOptions> options,
    TimeProvider time,
    ILogger<InboxRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await pruner.SweepOnceAsync(stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    LogPruned(deleted, settings.RetentionDays);
                }

                await Task.Delay(settings.SweepInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed sweep (database restart) is retried at the next interval; the table only grows meanwhile.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogSweepFailed(error, settings.SweepIntervalMinutes);
                try
                {
                    await Task.Delay(settings.SweepInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Deleted} inbox row(s) older than {RetentionDays} day(s)")]
    private partial void LogPruned(long deleted, int retentionDays);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox pruning failed; next sweep in {IntervalMinutes} min")]
    private partial void LogSweepFailed(Exception error, int intervalMinutes);
}
