using System.Net;
using k8s;
using k8s.Models;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// Runs each attempt as a Kubernetes Job named after its launch id, so a repeated launch meets the existing Job (409)
/// instead of starting a second one. Results come from <see cref="KubernetesJobWatcher"/>, not from here.
/// </summary>
internal sealed partial class KubernetesJobLauncher : IStepLauncher, IStepCanceller
{
    private readonly IKubernetes client;
    private readonly KubernetesLauncherOptions options;
    private readonly JobNamespaces namespaces;
    private readonly ApiRetry retry;
    private readonly ILogger logger;

    public KubernetesJobLauncher(
        KubernetesApi api,
        IOptions<KubernetesLauncherOptions> options,
        IOptions<StepCatalogOptions> catalog,
        ILogger<KubernetesJobLauncher> logger,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        client = api.Client;
        this.options = options.Value;
        namespaces = new JobNamespaces(catalog.Value, this.options.DefaultNamespace);
        retry = new ApiRetry(this.options.ApiAttempts, time);
        this.logger = logger;
    }

    public string Name => "kubernetes";

    public async Task<StepLaunchOutcome> LaunchAsync(StepLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var @namespace = namespaces.For(request.Step);
        var job = JobFactory.Create(request, namespaces.Definition(request.Step), @namespace, options);
        try
        {
            await retry.RunAsync(
                token => client.BatchV1.CreateNamespacedJobAsync(job, @namespace, cancellationToken: token),
                (exception, attempt) => LogCreateRetry(logger, exception, request.LaunchId, attempt),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (ApiErrors.IsAlreadyExists(exception))
        {
            // Also the answer when an earlier try of this very call was created but its response was lost.
            LogAlreadyExists(logger, request.LaunchId, @namespace);
            return StepLaunchOutcome.AlreadyLaunched;
        }
        catch (Exception exception) when (ApiErrors.StatusOf(exception) is { } status && (int)status is >= 400 and < 500)
        {
            // The API refused the Job itself (forbidden, invalid, missing namespace): repeating the same request cannot help.
            throw new StepLaunchException(
                $"Kubernetes refused Job '{request.LaunchId}' in namespace '{@namespace}': {(int)status} {ApiErrors.ReasonOf(exception) ?? status.ToString()}",
                exception);
        }

        LogCreated(logger, request.LaunchId, @namespace, request.Step, request.Attempt);
        return StepLaunchOutcome.Launched;
    }

    public async Task<int> CancelSagaJobsAsync(Guid sagaId, CancellationToken cancellationToken)
    {
        var cancelled = 0;
        foreach (var @namespace in namespaces.All())
        {
            var jobs = await retry.RunAsync(
                token => client.BatchV1.ListNamespacedJobAsync(@namespace, labelSelector: JobLabels.SagaSelector(sagaId), cancellationToken: token),
                (exception, attempt) => LogCancelRetry(logger, exception, sagaId, attempt),
                cancellationToken).ConfigureAwait(false);

            // Finished Jobs stay: their result may not have been reported yet, and the TTL controller removes them anyway.
            foreach (var job in jobs.Items.Where(job => !JobOutcome.IsFinished(job) && job.Metadata.DeletionTimestamp is null))
            {
                if (await DeleteAsync(job.Metadata.Name, @namespace, sagaId, cancellationToken).ConfigureAwait(false))
                {
                    cancelled++;
                }
            }
        }

        LogCancelled(logger, sagaId, cancelled);
        return cancelled;
    }

    private async Task<bool> DeleteAsync(string name, string @namespace, Guid sagaId, CancellationToken cancellationToken)
    {
        // Foreground: the Job disappears only after its pods, so nothing of the saga keeps running behind a deleted Job.
        var deleteOptions = new V1DeleteOptions { PropagationPolicy = "Foreground" };
        try
        {
            await retry.RunAsync(
                token => client.BatchV1.DeleteNamespacedJobAsync(name, @namespace, deleteOptions, cancellationToken: token),
                (exception, attempt) => LogCancelRetry(logger, exception, sagaId, attempt),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (ApiErrors.StatusOf(exception) == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Job {LaunchId} in {Namespace} for step {Step} attempt {Attempt}")]
    private static partial void LogCreated(ILogger logger, string launchId, string @namespace, string step, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {LaunchId} already exists in {Namespace}; not creating it again")]
    private static partial void LogAlreadyExists(ILogger logger, string launchId, string @namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating Job {LaunchId} failed (try {Attempt}); retrying")]
    private static partial void LogCreateRetry(ILogger logger, Exception exception, string launchId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelling the Jobs of saga {SagaId} hit an API error (try {Attempt}); retrying")]
    private static partial void LogCancelRetry(ILogger logger, Exception exception, Guid sagaId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga {SagaId}: deleted {Count} running Job(s)")]
    private static partial void LogCancelled(ILogger logger, Guid sagaId, int count);
}
