namespace Knapscen.Sagas.Orchestrator.Api.Sagas;

/// <summary>The body of a retry, compensate or cancel: why, kept in the saga's notes with the token's name.</summary>
internal sealed record SagaCommandRequest(string? Reason)
{
    public const int MaxReasonLength = 500;
}
