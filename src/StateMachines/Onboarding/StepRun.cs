namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>One step instance of a saga (one per user for fan-out steps).</summary>
public sealed class StepRun
{
    public string Step { get; set; } = "";

    /// <summary>Index into <see cref="CustomerOnboardingState.Users"/> for per-user steps; null otherwise.</summary>
    public int? UserIndex { get; set; }

    public int Attempt { get; set; }

    /// <summary>Attempts that do not count against the retry policy: an operator's Retry grants a fresh budget.</summary>
    public int AttemptsForgiven { get; set; }

    /// <summary>For a compensation step: the forward step it undoes (same <see cref="UserIndex"/>); null for forward steps.</summary>
    public string? Compensates { get; set; }

    public StepStatus Status { get; set; }

    public string? LaunchId { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? Deadline { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Stopped while running because the saga turned to compensation: it may have done its work, so it is undone too.</summary>
    public bool Interrupted { get; set; }

    /// <summary>
    /// Due, but a running-step limit held it back: it starts as soon as a slot is free (on this saga's next event, or
    /// when its deadline brings it back to look again), before runs that come after it.
    /// </summary>
    public bool WaitingForSlot { get; set; }

    /// <summary>What the current attempt reported on its result subject (its container's own result event); null until then.</summary>
    public StepOutput? Output { get; set; }

    /// <summary>
    /// The W3C context of the current attempt's launch span (what the launch got as TRACEPARENT); null without tracing.
    /// An output event that carries no context of its own is linked to it.
    /// </summary>
    public string? LaunchTraceParent { get; set; }
}
