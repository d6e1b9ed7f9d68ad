using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Telemetry;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>Data changes and questions about the saga's step runs; no I/O here.</summary>
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

    public static IEnumerable<StepRun> ForwardRuns(this CustomerOnboardingState saga) => saga.Steps.Where(run => run.Compensates is null);

    public static IEnumerable<StepRun> CompensationRuns(this CustomerOnboardingState saga) => saga.Steps.Where(run => run.Compensates is not null);

    /// <summary>The result is for the attempt that is running now: the only one allowed to move the saga.</summary>
    public static bool IsCurrentAttempt(this CustomerOnboardingState saga, string step, int? userIndex, string launchId) =>
        saga.FindStep(step, userIndex) is { Status: StepStatus.Running } run && run.LaunchId == launchId;

    /// <summary>
    /// A result for an attempt the saga has not recorded yet: its launch is still being committed (or was rolled
    /// back and will be redone under the same launch id). Anything else that is not current is late.
    /// </summary>
    public static bool IsAheadOfRecord(this CustomerOnboardingState saga, string step, int? userIndex, int attempt) =>
        attempt > (saga.FindStep(step, userIndex)?.Attempt ?? 0);

    public static void Note(this CustomerOnboardingState saga, DateTimeOffset now, string what, string? who = null, string? why = null) =>
        saga.Notes.Add(new SagaNote(now, what, who, why));

    public static void CountIgnored(this CustomerOnboardingState saga) => saga.IgnoredEvents++;

    /// <summary>Closes the current attempt's history row with its outcome.</summary>
    public static void FinishAttempt(this CustomerOnboardingState saga, StepRun run, string outcome, string? error, DateTimeOffset now)
    {
        run.FinishedAt = now;
        run.LastError = error;
        saga.PendingHistory.Add(new StepAttemptRecord(
            saga.CorrelationId, run.Step, run.UserIndex, run.Attempt, run.LaunchId ?? "", run.StartedAt ?? now, now, outcome, error));
        StepSpans.RecordFinished(saga, run, outcome, error, now);
    }
}
