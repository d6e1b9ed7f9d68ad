using System.Net;
using k8s;
using k8s.Models;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// Turns finished step Jobs into <see cref="StepResult"/>s. Lists, then watches from the list's resource version, so
/// nothing that finished while the orchestrator or the API server was away is missed: a dropped watch resumes from the
/// last version seen, and a version too old to resume from (410) means a fresh list.
/// </summary>
internal sealed partial class KubernetesJobWatcher : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    /// <summary>A watch that ends sooner than this without any event counts as a failure, so a broken server is not hammered.</summary>
    private static readonly TimeSpan ShortestHealthyWatch = TimeSpan.FromSeconds(1);

    private readonly IKubernetes client;
    private readonly KubernetesLauncherOptions options;
    private readonly JobNamespaces namespaces;
    private readonly JobResultReporter reporter;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private int relists;

    public KubernetesJobWatcher(
        KubernetesApi api,
        IOptions<KubernetesLauncherOptions> options,
        IOptions<StepCatalogOptions> catalog,
        IStepResultPublisher publisher,
        ILogger<KubernetesJobWatcher> logger,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        client = api.Client;
        this.options = options.Value;
        namespaces = new JobNamespaces(catalog.Value, this.options.DefaultNamespace);
        reporter = new JobResultReporter(client, publisher, new ApiRetry(this.options.ApiAttempts, time), this.options.RememberedJobs, logger);
        this.logger = logger;
        this.time = time;
    }

    /// <summary>How many full lists were made after the first one (410 answers, failures); for tests and diagnostics.</summary>
    public int Relists => Volatile.Read(ref relists);

    /// <summary>
    /// Follows one namespace until cancelled. <paramref name="fromResourceVersion"/> skips the first list and resumes a
    /// watch from that version, as after a reconnect; null starts with a list.
    /// </summary>
    public async Task WatchNamespaceAsync(string @namespace, string? fromResourceVersion, CancellationToken cancellationToken)
    {
        var cursor = new WatchCursor(fromResourceVersion);
        var listed = fromResourceVersion is not null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (cursor.ResourceVersion is null)
                {
                    if (listed)
                    {
                        Interlocked.Increment(ref relists);
                    }

                    listed = true;
                    cursor.ResourceVersion = await ListAsync(@namespace, cancellationToken).ConfigureAwait(false);
                }

                var healthy = await WatchAsync(@namespace, cursor, cancellationToken).ConfigureAwait(false);
                failures = healthy ? 0 : failures + 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;

                // A result that could not be published is offered again only by a fresh list; a 410 needs one too.
                // Any other drop resumes from the last version seen, so nothing is replayed needlessly.
                if (exception is ResultNotPublishedException || ApiErrors.StatusOf(exception) == HttpStatusCode.Gone)
                {
                    cursor.ResourceVersion = null;
                }

                // An operator reads why; the stack trace of a dropped stream helps no one at Warning, so it goes to Debug.
                LogWatchFailed(logger, @namespace, failures, exception.GetType().Name, exception.Message);
                LogWatchFailure(logger, exception, @namespace);
            }

            if (failures > 0 && !await DelayAsync(failures, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(namespaces.All().Select(@namespace => WatchNamespaceAsync(@namespace, null, stoppingToken)));

    private async Task<string> ListAsync(string @namespace, CancellationToken cancellationToken)
    {
        var list = await client.BatchV1.ListNamespacedJobAsync(@namespace, labelSelector: JobLabels.ManagedSelector, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        foreach (var job in list.Items)
        {
            await reporter.ReportAsync(job, cancellationToken).ConfigureAwait(false);
        }

        LogListed(logger, @namespace, list.Items.Count, list.Metadata.ResourceVersion);
        return list.Metadata.ResourceVersion;
    }

    /// <returns>False when the watch ended at once without any event: a sign of trouble worth backing off from.</returns>
    private async Task<bool> WatchAsync(string @namespace, WatchCursor cursor, CancellationToken cancellationToken)
    {
        var gone = false;
        var events = 0;
        var started = time.GetTimestamp();

        // The client hands ERROR events (a Status object) to this callback instead of the loop; the server closes the
        // stream right after one.
        void OnError(Exception exception)
        {
            if (exception is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
            {
                gone = true;
            }
            else
            {
                LogWatchError(logger, exception, @namespace);
            }
        }

        var stream = client.BatchV1.WatchListNamespacedJobAsync(
            @namespace,
            allowWatchBookmarks: true,
            labelSelector: JobLabels.ManagedSelector,
            resourceVersion: cursor.ResourceVersion,
            timeoutSeconds: options.WatchTimeoutSeconds,
            onError: OnError,
            cancellationToken: cancellationToken);
        await foreach (var (type, job) in stream.ConfigureAwait(false))
        {
            events++;
            if (job?.Metadata?.ResourceVersion is { Length: > 0 } version)
            {
                cursor.ResourceVersion = version;
            }

            if (type is WatchEventType.Added or WatchEventType.Modified && job is not null)
            {
                await reporter.ReportAsync(job, cancellationToken).ConfigureAwait(false);
            }
        }

        if (gone)
        {
            LogGone(logger, @namespace);
            cursor.ResourceVersion = null;
        }

        return gone || events > 0 || time.GetElapsedTime(started) >= ShortestHealthyWatch;
    }

    /// <returns>False when cancelled while waiting.</returns>
    private async Task<bool> DelayAsync(int failures, CancellationToken cancellationToken)
    {
        var delay = ApiRetry.Delay(failures);
        try
        {
            await Task.Delay(delay < MaxBackoff ? delay : MaxBackoff, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Where a namespace's watch resumes; null means "list first".</summary>
    private sealed class WatchCursor(string? resourceVersion)
    {
        public string? ResourceVersion { get; set; } = resourceVersion;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Count} step Job(s) in {Namespace} at resource version {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string @namespace, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of Jobs in {Namespace}: resource version too old (410); listing again")]
    private static partial void LogGone(ILogger logger, string @namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of Jobs in {Namespace} failed ({Failures} in a row): {ErrorType}: {Error}; reconnecting")]
    private static partial void LogWatchFailed(ILogger logger, string @namespace, int failures, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch of Jobs in {Namespace} failed; the whole error")]
    private static partial void LogWatchFailure(ILogger logger, Exception exception, string @namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of Jobs in {Namespace} reported an error")]
    private static partial void LogWatchError(ILogger logger, Exception exception, string @namespace);
}
