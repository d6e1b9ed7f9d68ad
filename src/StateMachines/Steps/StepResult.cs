namespace Knapscen.Sagas.StateMachines.Steps;

public sealed record StepResult
{
    public required Guid SagaId { get; init; }

    public required string Step { get; init; }

    public int? UserIndex { get; init; }

    public required int Attempt { get; init; }

    public required string LaunchId { get; init; }

    public required bool Succeeded { get; init; }

    /// <summary>One line saying why the attempt failed; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>The launch's trace context (the Job's TRACEPARENT), so the result's processing continues under the launch.</summary>
    public string? TraceParent { get; init; }
}
