namespace Knapscen.Sagas.Orchestrator.Api.Sagas;

/// <summary>
/// The body of <c>POST /api/sagas/retry|compensate|cancel</c>: the sagas by id, or every saga matching a filter (at
/// most 1000), one reason for all; <c>dryRun</c> lists what would be touched and sends nothing.
/// </summary>
internal sealed record BulkCommandRequest(string? Reason, IReadOnlyList<Guid>? SagaIds, BulkCommandFilter? Filter, bool DryRun = false);

/// <summary>The saga list's filters; text criteria match anywhere, times are ISO-8601 (UTC without an offset).</summary>
internal sealed record BulkCommandFilter(
    string? State = null,
    bool Stuck = false,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? Customer = null,
    string? UserEmail = null,
    string? EventId = null,
    string? Step = null,
    string? ErrorText = null);
