namespace Knapscen.Sagas.Orchestrator.Operations;

/// <summary>The columns a saga search can be ordered by.</summary>
public enum SagaSort
{
    Created,
    Updated,
    Customer,
    State,
}

/// <summary>
/// Every question the console, the bulk API and the CLI ask of the saga table: all criteria are optional and combine
/// with AND; text criteria match anywhere in the value (customer also matches the saga id).
/// </summary>
public sealed record SagaSearchFilter(
    string? State = null,
    bool StuckOnly = false,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? Customer = null,
    string? UserEmail = null,
    string? EventId = null,
    string? Step = null,
    string? ErrorText = null,
    SagaSort Sort = SagaSort.Created,
    bool Descending = true,
    int Page = 1,
    int PageSize = 50)
{
    /// <summary>The most sagas one bulk command touches: more is a job for a script that pages.</summary>
    public const int MaxBulk = 1000;

    public bool IsEmpty => State is null && !StuckOnly && CreatedFrom is null && CreatedTo is null && Customer is null
        && UserEmail is null && EventId is null && Step is null && ErrorText is null;
}
