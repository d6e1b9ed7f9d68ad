using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Exponential backoff between attempts of one step instance, capped at <see cref="MaxDelaySeconds"/>.</summary>
public sealed class StepRetryPolicy
{
    /// <summary>Total attempts including the first; 1 means no retry.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    [Range(0.0, 86_400.0)]
    public double InitialDelaySeconds { get; set; } = 2;

    [Range(0.0, 86_400.0)]
    public double MaxDelaySeconds { get; set; } = 60;

    [Range(1.0, 10.0)]
    public double BackoffMultiplier { get; set; } = 2;
}
