namespace Knapscen.Sagas.Orchestrator.Operations;

/// <summary>What an operator filters the saga list by; paging starts at 1.</summary>
public sealed record SagaListFilter(string? State = null, bool StuckOnly = false, DateTimeOffset? Since = null, string? Customer = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 500;

    /// <summary>The saga's state names, for validating a filter before it reaches SQL.</summary>
    public static readonly IReadOnlyList<string> States =
        ["RegisteringCustomer", "RegisteringUsers", "Welcoming", "CreatingTouchpoints", "Compensating", "NeedsAttention", "Completed", "Compensated", "Cancelled"];
}
