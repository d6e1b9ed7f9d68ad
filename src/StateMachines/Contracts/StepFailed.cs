namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>A launched step attempt failed (non-zero exit, Job Failed, or it could not be launched).</summary>
public sealed record StepFailed : IStepResultMessage
{
    public required Guid SagaId { get; init; }

    public required string Step { get; init; }

    public int? UserIndex { get; init; }

    public required int Attempt { get; init; }

    public required string LaunchId { get; init; }

    public required string Reason { get; init; }
}
