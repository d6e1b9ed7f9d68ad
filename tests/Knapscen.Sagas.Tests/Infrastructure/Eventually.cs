namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Awaits a condition on real servers with a hard deadline, re-checking at a short interval.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        do
        {
            if (await probe() is { } value)
            {
                return value;
            }
        }
        while (await WaitAsync(ticks, deadline.Token));

        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:F0} s");
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        await ReturnsAsync(async () => await probe() ? "yes" : null, timeout, what);

    private static async Task<bool> WaitAsync(PeriodicTimer ticks, CancellationToken token)
    {
        try
        {
            return await ticks.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
