using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>A customer signed up: starts an onboarding saga keyed by <see cref="CustomerId"/>.</summary>
public sealed record CustomerRegistered
{
    public required Guid CustomerId { get; init; }

    public required string CustomerName { get; init; }

    public required string SubscriptionTier { get; init; }

    public required IReadOnlyList<OnboardingUser> Users { get; init; }

    /// <summary>The CloudEvent's data object as received, for steps that take it whole.</summary>
    public required string DataJson { get; init; }

    public required string EventId { get; init; }

    public required string EventSource { get; init; }

    public DateTimeOffset? EventTime { get; init; }

    public string? TraceParent { get; init; }
}
