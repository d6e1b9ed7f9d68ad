namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>Sent by the deadline scanner for a saga whose next deadline passed: time-outs and retries come due.</summary>
public sealed record DeadlinesDue
{
    public required Guid SagaId { get; init; }
}
