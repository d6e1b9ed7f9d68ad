namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>
/// An attempt of a step instance, started or finished, for the metrics and <c>saga_step_history</c>. Only a finished
/// record (with <see cref="Outcome"/>) becomes a row, in the same transaction as the saga row; a running attempt is on
/// the saga's steps.
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
