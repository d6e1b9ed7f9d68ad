using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Persistence.Deadlines;

/// <summary>Runs the deadline scanner for the life of the host: back to back while there is a backlog, else every poll interval.</summary>
internal sealed partial class DeadlineScannerService(
    DeadlineScanner scanner,
    IOptions<DeadlineScannerOptions> options,
    TimeProvider time,
    ILogger<DeadlineScannerService> logger) : BackgroundService
{
    // A database that is down should be probed now and then, not hammered, and not given up on.
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var claimed = await scanner.ScanOnceAsync(stoppingToken).ConfigureAwait(false);
                failures = 0;
                if (claimed >= settings.BatchSize)
                {
                    continue;
                }

                wait = settings.PollInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The scanner must outlive a failed scan (database restart, lost connection): deadlines depend on it.
            catch (Exception error)
#pragma warning restore CA1031
            {
                failures++;
                wait = Backoff(settings.PollInterval, failures);
                LogScanFailed(error, failures, wait.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    internal static TimeSpan Backoff(TimeSpan pollInterval, int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures, 16));
        var delay = TimeSpan.FromMilliseconds(pollInterval.TotalMilliseconds * factor);
        var cap = pollInterval > MaxBackoff ? pollInterval : MaxBackoff;
        return delay < cap ? delay : cap;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Deadline scan failed ({Failures} in a row); next attempt in {DelayMilliseconds} ms")]
    private partial void LogScanFailed(Exception error, int failures, double delayMilliseconds);
}
