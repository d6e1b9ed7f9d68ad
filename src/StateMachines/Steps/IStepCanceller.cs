namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Stops a saga's attempts that are still running (a cancelled or compensating saga must not keep steps going).
/// Stopped attempts report no result: the saga that asked for the stop already knows their fate.
/// </summary>
public interface IStepCanceller
{
    /// <summary>Stops every attempt of the saga that has not finished; finished ones are left for their results to arrive.</summary>
    /// <returns>How many running attempts were told to stop.</returns>
    Task<int> CancelSagaJobsAsync(Guid sagaId, CancellationToken cancellationToken);
}
