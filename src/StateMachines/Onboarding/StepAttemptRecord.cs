namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>
/// One row of <c>saga_step_history</c>: an attempt of a step instance. Written with the saga row in the same
/// transaction; a record with <see cref="Outcome"/> set finishes the attempt row with the same key.
/// </summary>
public sealed record StepAttemptRecord(
    Guid SagaId,
    string Step,
    int? UserIndex,
    int Attempt,
    string LaunchId,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt = null,
    string? Outcome = null,
    string? Error = null);
