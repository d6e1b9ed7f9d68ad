namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>How often and how patiently a message is retried after a transient database conflict.</summary>
internal sealed record SagaRetryOptions
{
    public int MaxAttempts { get; init; } = 10;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Full jitter: a random delay up to an exponentially growing cap, so writers that collided once
    /// do not collide again in lock step.
    /// </summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        var exponent = Math.Min(nextAttempt - 2, 16);
        var cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
#pragma warning restore CA5394
    }
}
