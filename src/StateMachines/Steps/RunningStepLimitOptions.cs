using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Configuration section <c>StepLimits</c>: the installation-wide limit on running step instances (a step's own
/// limit is <see cref="StepDefinition.MaxRunning"/>). Counted in the database every replica shares.
/// </summary>
public sealed class RunningStepLimitOptions
{
    public const string SectionName = "StepLimits";

    /// <summary>At most this many step instances (of any step, forward or compensation) run at once; 0: no limit.</summary>
    [Range(0, 1_000_000, ErrorMessage = "StepLimits:MaxRunning (environment variable StepLimits__MaxRunning) must be 0 (no limit) or a positive number.")]
    public int MaxRunning { get; set; }

    /// <summary>
    /// How often a saga whose runs wait for a slot looks again when nothing else wakes it: a slot freed by another saga
    /// is taken within this time; one freed by its own step at once.
    /// </summary>
    [Range(50, 600_000, ErrorMessage = "StepLimits:RecheckMilliseconds (environment variable StepLimits__RecheckMilliseconds) must be between 50 and 600000.")]
    public int RecheckMilliseconds { get; set; } = 1000;

    public TimeSpan Recheck => TimeSpan.FromMilliseconds(RecheckMilliseconds);
}
