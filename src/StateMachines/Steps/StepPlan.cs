using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Answers the saga's planning questions from the catalog: which instances a step has, and when to retry.</summary>
internal sealed class StepPlan(StepCatalog catalog)
{
    /// <summary>One null entry for a saga-level step; otherwise the indexes of the users the step runs for.</summary>
    public IReadOnlyList<int?> InstancesOf(string step, IReadOnlyList<OnboardingUser> users) =>
        Instances(catalog.Get(step), users);

    public bool HasAttemptsLeft(string step, int failedAttempt) =>
        failedAttempt < catalog.Get(step).Definition.Retry.MaxAttempts;

    /// <summary>How long to wait after attempt <paramref name="failedAttempt"/> failed before starting the next one.</summary>
    public TimeSpan RetryDelay(string step, int failedAttempt) =>
        Delay(catalog.Get(step).Definition.Retry, failedAttempt);

    public string? CompensationOf(string step) => catalog.Get(step).Definition.Compensation;

    public bool RequiresOutput(string step) => catalog.Get(step).Definition.RequiresOutput;

    internal static IReadOnlyList<int?> Instances(CompiledStep step, IReadOnlyList<OnboardingUser> users)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(users);
        if (!step.Definition.PerUser)
        {
            return [null];
        }

        var instances = new List<int?>(users.Count);
        for (var index = 0; index < users.Count; index++)
        {
            if (step.Condition is null || step.Condition.Matches(users[index], index))
            {
                instances.Add(index);
            }
        }

        return instances;
    }

    /// <summary>initial × multiplier^(n−1), capped; computed in double so a large n saturates at the cap instead of overflowing.</summary>
    internal static TimeSpan Delay(StepRetryPolicy policy, int failedAttempt)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var seconds = policy.InitialDelaySeconds * Math.Pow(policy.BackoffMultiplier, failedAttempt - 1);
        return TimeSpan.FromSeconds(Math.Min(seconds, policy.MaxDelaySeconds));
    }
}
