namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Stops a saga's running launches (deletes its Jobs, kills its local processes) when it is cancelled.</summary>
public interface IStepCanceller
{
    Task CancelAsync(Guid sagaId, IReadOnlyList<string> launchIds, CancellationToken cancellationToken);
}
