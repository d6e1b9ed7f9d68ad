using Knapscen.Sagas.StateMachines.Contracts;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>The data changes a transition makes to the saga; no I/O here, so the machine stays testable on the harness.</summary>
internal static class OnboardingStateChanges
{
    public static void AcceptRegistration(this CustomerOnboardingState saga, CustomerRegistered message, DateTimeOffset now)
    {
        saga.CustomerName = message.CustomerName;
        saga.SubscriptionTier = message.SubscriptionTier;
        saga.Users = [.. message.Users];
        saga.RegistrationDataJson = message.DataJson;
        saga.RegistrationEventId = message.EventId;
        saga.RegistrationEventSource = message.EventSource;
        saga.RegistrationEventTime = message.EventTime;
        saga.TraceParent = message.TraceParent;
        saga.CreatedAt = now;
        saga.UpdatedAt = now;
    }

    public static StepRun? FindStep(this CustomerOnboardingState saga, string step, int? userIndex) =>
        saga.Steps.Find(run => run.Step == step && run.UserIndex == userIndex);

    public static bool HasFailedToLaunch(this CustomerOnboardingState saga, string step) =>
        saga.FindStep(step, userIndex: null)?.Status == StepStatus.Failed;

    /// <summary>Results of earlier attempts, or for steps not running, are late and must not move the saga.</summary>
    public static bool IsCurrentAttempt(this CustomerOnboardingState saga, string step, int? userIndex, string launchId) =>
        saga.FindStep(step, userIndex) is { Status: StepStatus.Running } run && run.LaunchId == launchId;

    /// <summary>
    /// A result for an attempt the saga has not recorded yet: its launch is still being committed (or was rolled
    /// back and will be redone under the same launch id). Anything else that is not current is late.
    /// </summary>
    public static bool IsAheadOfRecord(this CustomerOnboardingState saga, string step, int? userIndex, int attempt) =>
        attempt > (saga.FindStep(step, userIndex)?.Attempt ?? 0);

    public static void RecordSuccess(this CustomerOnboardingState saga, StepSucceeded message, DateTimeOffset now) =>
        saga.FinishAttempt(message.Step, message.UserIndex, StepStatus.Succeeded, error: null, now);

    public static void RecordFailure(this CustomerOnboardingState saga, StepFailed message, DateTimeOffset now)
    {
        saga.FinishAttempt(message.Step, message.UserIndex, StepStatus.Failed, message.Reason, now);
        saga.LastError = $"{message.Step} attempt {message.Attempt}: {message.Reason}";
    }

    private static void FinishAttempt(this CustomerOnboardingState saga, string step, int? userIndex, StepStatus status, string? error, DateTimeOffset now)
    {
        var run = saga.FindStep(step, userIndex)
            ?? throw new InvalidOperationException($"saga {saga.CorrelationId} has no step {step}");
        run.Status = status;
        run.FinishedAt = now;
        run.LastError = error;
        saga.UpdatedAt = now;
        saga.PendingHistory.Add(new StepAttemptRecord(
            saga.CorrelationId, step, userIndex, run.Attempt, run.LaunchId ?? "", run.StartedAt ?? now, now, status.ToString(), error));
    }
}
