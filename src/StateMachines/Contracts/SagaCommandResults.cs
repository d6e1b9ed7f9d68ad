namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>The saga took the command; <see cref="State"/> is where it went.</summary>
public sealed record SagaCommandAccepted(Guid SagaId, string State, string What);

/// <summary>The command makes no sense in the saga's state; <see cref="Reason"/> says why.</summary>
public sealed record SagaCommandRefused(Guid SagaId, string State, string Reason);

public sealed record SagaNotFound(Guid SagaId);
