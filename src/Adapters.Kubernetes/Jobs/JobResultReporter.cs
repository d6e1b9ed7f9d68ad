using k8s;
using k8s.Models;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// Publishes the result of a finished Job once (as far as its bounded memory reaches), with the container's failure
/// detail when there is one. Unfinished Jobs are ignored: the watcher offers every Job it sees.
/// </summary>
internal sealed partial class JobResultReporter(
    IKubernetes client, IStepResultPublisher publisher, ApiRetry publishRetry, int rememberedJobs, ILogger logger)
{
    private readonly ReportedJobs reported = new(rememberedJobs);

    /// <exception cref="ResultNotPublishedException">The publisher kept failing; the Job is not marked as reported.</exception>
    public async Task ReportAsync(V1Job job, CancellationToken cancellationToken)
    {
        if (JobOutcome.Read(job) is not { } outcome)
        {
            return;
        }

        var key = job.Metadata.Uid ?? $"{job.Metadata.NamespaceProperty}/{job.Metadata.Name}";
        if (reported.Contains(key))
        {
            return;
        }

        if (JobLabels.Read(job.Metadata.Name, job.Metadata.Labels) is not { } identity)
        {
            LogUnreadable(logger, job.Metadata.Name);
            reported.Add(key);
            return;
        }

        // The watch serves every saga's Jobs, so no saga scope flows in from where the Job was created.
        using var sagaScope = logger.BeginSagaScope(identity.SagaId);
        string? error = null;
        if (!outcome.Succeeded)
        {
            var podDetail = outcome.Reason == JobOutcome.DeadlineExceeded
                ? null
                : await PodFailureReader.ReadAsync(client, job.Metadata.NamespaceProperty, job.Metadata.Name, cancellationToken).ConfigureAwait(false);
            error = outcome.Describe(job, podDetail);
        }

        var result = new StepResult
        {
            SagaId = identity.SagaId,
            Step = identity.Step,
            UserIndex = identity.UserIndex,
            Attempt = identity.Attempt,
            LaunchId = identity.LaunchId,
            Succeeded = outcome.Succeeded,
            Error = error,
            TraceParent = job.Metadata.Annotations?.TryGetValue(JobLabels.TraceParentAnnotation, out var traceParent) == true ? traceParent : null,
        };

        try
        {
            await publishRetry.RunAsync<bool>(
                async token =>
                {
                    await publisher.PublishAsync(result, token).ConfigureAwait(false);
                    return true;
                },
                // Any publish failure may pass (the broker restarting); only our own shutdown ends the tries early.
                (_, token) => !token.IsCancellationRequested,
                (exception, attempt) => LogPublishRetry(logger, exception, identity.LaunchId, attempt),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The watch restarts with a list, which offers this Job again: a result is delayed, never dropped.
            throw new ResultNotPublishedException($"The result of Job {identity.LaunchId} could not be published.", exception);
        }

        reported.Add(key);
        LogReported(logger, identity.LaunchId, outcome.Succeeded, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Name} carries our label but not a readable saga identity; ignoring it")]
    private static partial void LogUnreadable(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the result of Job {LaunchId} failed (try {Attempt}); retrying")]
    private static partial void LogPublishRetry(ILogger logger, Exception exception, string launchId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {LaunchId} finished: succeeded={Succeeded} {Error}")]
    private static partial void LogReported(ILogger logger, string launchId, bool succeeded, string? error);
}
