namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>Re-run the failed or stuck step instances as new attempts, or resume a saga that needs attention.</summary>
public sealed record RetrySaga : OperatorCommand;

/// <summary>Stop going forward and undo the completed steps in reverse order (or retry a failed compensation).</summary>
public sealed record CompensateSaga : OperatorCommand;

/// <summary>Stop the saga where it is: running steps are cancelled, nothing is undone.</summary>
public sealed record CancelSaga : OperatorCommand;

public abstract record OperatorCommand
{
    public required Guid SagaId { get; init; }

    /// <summary>Who asked (a user or token name), kept in the saga's notes.</summary>
    public required string RequestedBy { get; init; }

    public required string Reason { get; init; }
}
