using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>How a step attempt ended, as the <c>outcome</c> label of the step metrics says it.</summary>
public enum StepOutcomeKind
{
    Succeeded,
    Failed,
    TimedOut,
    Cancelled,
    Abandoned,
}

public static class StepOutcomeKinds
{
    // Every producer of a time-out phrases it so: the deadline scanner's engine, the local launcher and the Job
    // watcher (DeadlineExceeded). The history keeps "Failed" as the outcome, so the text is what tells them apart.
    private const string TimedOutPrefix = "timed out";

    /// <summary>Null for a record that only says an attempt started.</summary>
    public static StepOutcomeKind? Of(StepAttemptRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Outcome switch
        {
            null => null,
            nameof(StepStatus.Succeeded) => StepOutcomeKind.Succeeded,
            nameof(StepStatus.Cancelled) => StepOutcomeKind.Cancelled,
            "Abandoned" => StepOutcomeKind.Abandoned,
            _ when record.Error?.StartsWith(TimedOutPrefix, StringComparison.Ordinal) == true => StepOutcomeKind.TimedOut,
            _ => StepOutcomeKind.Failed,
        };
    }

    public static string Label(this StepOutcomeKind outcome) => outcome switch
    {
        StepOutcomeKind.Succeeded => "succeeded",
        StepOutcomeKind.Failed => "failed",
        StepOutcomeKind.TimedOut => "timed_out",
        StepOutcomeKind.Cancelled => "cancelled",
        StepOutcomeKind.Abandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "no label"),
    };
}
