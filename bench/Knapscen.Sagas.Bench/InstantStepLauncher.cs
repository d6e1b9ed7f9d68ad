using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// Stands in for Kubernetes: every attempt "finishes" at once, and its success travels back through the real
/// <see cref="IStepResultPublisher"/> and the durable intake, as a Job watcher's result would. So the run measures
/// the orchestrator's own cost per transition, not how long a step takes.
/// </summary>
internal sealed class InstantStepLauncher(IStepResultPublisher results, LaunchRecorder recorder, LaunchIdSet launched) : IStepLauncher
{
    public string Name => "bench (instant success)";

    public Task<StepLaunchOutcome> LaunchAsync(StepLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A redelivered event launches the same attempt again under the same id; that must not publish a second result.
        if (!launched.Add(request.LaunchId))
        {
            recorder.DuplicateLaunch();
            return Task.FromResult(StepLaunchOutcome.AlreadyLaunched);
        }

        recorder.Launched(request.SagaId);
        // Not awaited: a real launcher returns once the Job exists, and the result comes later on its own path.
        // The result lands in the same intake partition as this saga's current event, so it is handled after this
        // transaction commits.
        _ = PublishResultAsync(request);
        return Task.FromResult(StepLaunchOutcome.Launched);
    }

    private async Task PublishResultAsync(StepLaunchRequest request)
    {
        var result = new StepResult
        {
            SagaId = request.SagaId,
            Step = request.Step,
            UserIndex = request.UserIndex,
            Attempt = request.Attempt,
            LaunchId = request.LaunchId,
            Succeeded = true,
        };
        try
        {
            await results.PublishAsync(result, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A lost result leaves its saga unfinished, which the run reports; the count says why.
        catch (Exception)
#pragma warning restore CA1031
        {
            recorder.ResultPublishFailed();
        }
    }
}
