namespace Knapscen.Sagas.Orchestrator.Api.Events;

/// <summary>The event is in JetStream; <see cref="SagaId"/> is the saga it starts (or already started).</summary>
internal sealed record EventAccepted(string Id, Guid SagaId);
