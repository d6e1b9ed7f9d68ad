namespace Knapscen.Sagas.StateMachines.Onboarding;

public enum StepStatus
{
    /// <summary>Waiting to be launched at <see cref="StepRun.Deadline"/> (a retry's backoff, or right away).</summary>
    Scheduled,
    Running,
    Succeeded,

    /// <summary>Failed for good: attempts exhausted or input that cannot work.</summary>
    Failed,

    /// <summary>Stopped by cancellation or because the saga turned to compensation before it ran.</summary>
    Cancelled,

    /// <summary>A succeeded step whose compensation succeeded: its effect is undone.</summary>
    Compensated,

    /// <summary>A succeeded step that cannot be undone (an email cannot be unsent), recorded as such.</summary>
    CannotUndo,
}
