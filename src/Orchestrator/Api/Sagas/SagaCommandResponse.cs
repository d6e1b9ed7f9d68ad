namespace Knapscen.Sagas.Orchestrator.Api.Sagas;

/// <summary>The saga took the command: the state it is in now and what the command did.</summary>
internal sealed record SagaCommandResponse(Guid SagaId, string Command, string? State, string What);
