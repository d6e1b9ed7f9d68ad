namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>
/// A value an observable gauge reports, read from a server at most once per <c>maxAge</c>: scrapes come every few
/// seconds from every Prometheus replica and must not turn into a query each. Gauge callbacks are synchronous, so a
/// stale value is re-read inline with a bounded wait; concurrent scrapes wait for that one read.
/// </summary>
public sealed class CachedReading<T>(Func<CancellationToken, Task<T>> read, TimeSpan maxAge, TimeProvider clock)
    where T : class
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);

    private readonly Lock gate = new();
    private T? value;
    private DateTimeOffset readAt = DateTimeOffset.MinValue;

    /// <summary>Null when the last read failed: a gauge then reports nothing rather than an old number.</summary>
    public T? Get(Action<Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(onError);
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (now - readAt < maxAge)
            {
                return value;
            }

            // Also after a failure: a server that is down is asked again only after maxAge.
            readAt = now;
            try
            {
                using var timeout = new CancellationTokenSource(ReadTimeout);
                value = Task.Run(() => read(timeout.Token), timeout.Token).GetAwaiter().GetResult();
            }
#pragma warning disable CA1031 // A failed read must not fail the whole scrape; the caller logs it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                value = null;
                onError(e);
            }

            return value;
        }
    }
}
