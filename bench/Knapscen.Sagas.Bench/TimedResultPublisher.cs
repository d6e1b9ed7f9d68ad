using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// Wraps the result publisher the Job watcher calls as soon as it observes a finished Job, to note when that was.
/// </summary>
internal sealed class TimedResultPublisher(IStepResultPublisher inner, JobTimings timings) : IStepResultPublisher
{
    public Task PublishAsync(StepResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        timings.FinishObserved(result.LaunchId);
        return inner.PublishAsync(result, cancellationToken);
    }
}
