namespace Knapscen.Sagas.Orchestrator.Api.Sagas;

/// <summary>What one saga answered: <c>done</c>, <c>refused</c> (with the saga's reason) or <c>not-found</c>; on a dry run, <c>would-send</c>.</summary>
internal sealed record BulkCommandAnswer(Guid SagaId, string Answer, string? State, string? Message);

internal sealed record BulkCommandResponse(string Command, bool DryRun, int Matched, IReadOnlyList<BulkCommandAnswer> Answers);
