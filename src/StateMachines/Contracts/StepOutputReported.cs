namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>
/// A launch published its own result event on its result subject (the intake has already checked the subject's launch
/// token). Kept on the step run as its output; completion still comes from the Job or process (StepSucceeded/StepFailed).
/// </summary>
public sealed record StepOutputReported
{
    public required Guid SagaId { get; init; }

    public required string LaunchId { get; init; }

    public required string Type { get; init; }

    public string? Subject { get; init; }

    public required string Id { get; init; }

    public required string Source { get; init; }

    /// <summary>The event's data as JSON text; null when it had none or it was not JSON.</summary>
    public string? DataJson { get; init; }

    /// <summary>The event's W3C trace context when it carried a valid one (the launch's TRACEPARENT, passed on).</summary>
    public string? TraceParent { get; init; }
}
