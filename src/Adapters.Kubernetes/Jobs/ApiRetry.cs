namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>Repeats an API call on transient failures with a short, bounded, jittered backoff.</summary>
internal sealed class ApiRetry(int attempts, TimeProvider time)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, Action<Exception, int> onRetry, CancellationToken cancellationToken) =>
        RunAsync(call, ApiErrors.IsTransient, onRetry, cancellationToken);

    public async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> call,
        Func<Exception, CancellationToken, bool> isTransient,
        Action<Exception, int> onRetry,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (attempt < attempts && isTransient(exception, cancellationToken))
            {
                onRetry(exception, attempt);
                await Task.Delay(Delay(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static TimeSpan Delay(int attempt)
    {
        var exponential = FirstDelay * Math.Pow(2, Math.Min(attempt - 1, 10));
        var capped = exponential < MaxDelay ? exponential : MaxDelay;

        // Jitter spreads replicas that all lost the API server at the same moment.
#pragma warning disable CA5394 // Not security relevant: only spreads retries in time.
        return capped * (0.75 + (Random.Shared.NextDouble() * 0.5));
#pragma warning restore CA5394
    }
}
