using Polly;
using Polly.Retry;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// Repeats an API call (or a result publish) on transient failures with a short, bounded, jittered exponential backoff:
/// Polly's retry strategy, on the injected clock.
/// </summary>
internal sealed class ApiRetry(int attempts, TimeProvider time)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, Action<Exception, int> onRetry, CancellationToken cancellationToken) =>
        RunAsync(call, ApiErrors.IsTransient, onRetry, cancellationToken);

    /// <param name="onRetry">The failure and the 1-based number of the attempt that failed.</param>
    public async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> call,
        Func<Exception, CancellationToken, bool> isTransient,
        Action<Exception, int> onRetry,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (attempts <= 1)
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }

        var pipeline = new ResiliencePipelineBuilder<T> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                // Jitter spreads replicas that all lost the API server at the same moment.
                UseJitter = true,
                ShouldHandle = arguments => ValueTask.FromResult(
                    arguments.Outcome.Exception is { } exception && isTransient(exception, cancellationToken)),
                OnRetry = arguments =>
                {
                    onRetry(arguments.Outcome.Exception!, arguments.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        return await pipeline.ExecuteAsync(async token => await call(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pause before the watcher's <paramref name="attempt"/>-th restart: the same curve as the retries.</summary>
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
