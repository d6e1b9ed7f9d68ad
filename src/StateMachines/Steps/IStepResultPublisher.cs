namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Sends a finished attempt's result back into the durable intake (never straight into the saga).</summary>
public interface IStepResultPublisher
{
    Task PublishAsync(StepResult result, CancellationToken cancellationToken);
}
