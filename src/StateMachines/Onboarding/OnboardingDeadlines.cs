namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>The saga's next deadline, kept in its own column so the deadline scanner finds due sagas by index.</summary>
public static class OnboardingDeadlines
{
    public static DateTimeOffset? Next(CustomerOnboardingState saga)
    {
        ArgumentNullException.ThrowIfNull(saga);
        DateTimeOffset? next = null;
        foreach (var run in saga.Steps)
        {
            if (run.Status is StepStatus.Scheduled or StepStatus.Running && run.Deadline is { } deadline && (next is null || deadline < next))
            {
                next = deadline;
            }
        }

        return next;
    }
}
