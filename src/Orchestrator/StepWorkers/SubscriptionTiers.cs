namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>The values of corporate_customers.subscription_tier (an ENUM), checked before the database sees them.</summary>
internal static class SubscriptionTiers
{
    public static IReadOnlyList<string> All { get; } = ["basic", "groovy", "far-out"];

    public static bool IsKnown(string tier) => All.Contains(tier, StringComparer.Ordinal);
}
