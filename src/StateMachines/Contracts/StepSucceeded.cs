namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>A launched step attempt finished successfully (the Job or process completed).</summary>
public sealed record StepSucceeded : IStepResultMessage
{
    public required Guid SagaId { get; init; }

    public required string Step { get; init; }

    public int? UserIndex { get; init; }

    public required int Attempt { get; init; }

    public required string LaunchId { get; init; }
}
