using System.Net.Sockets;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Awaits a condition on real servers with a hard deadline, re-checking at a short interval.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        Exception? lastTransient = null;
        do
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception e) when (IsTransient(e))
            {
                // The probe's own connection, not the system under test: on a machine saturated by the test, opening
                // one can time out once. Asked again until the deadline, and named if the deadline passes.
                lastTransient = e;
            }
        }
        while (await WaitAsync(ticks, deadline.Token));

        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:F0} s", lastTransient);
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        await ReturnsAsync(async () => await probe() ? "yes" : null, timeout, what);

    private static bool IsTransient(Exception e) =>
        e is MySqlException { IsTransient: true } or MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.CommandTimeoutExpired }
            or SocketException or IOException or TimeoutException;

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
