using System.Diagnostics;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// The benchmark's way to publish: a window of un-acked publishes (awaiting each ack one at a time caps near 8k/s here,
/// and a late ack must not delay the next message), optionally paced to a fixed rate, each message's send time kept.
/// </summary>
internal static class PacedPublishing
{
    /// <param name="publishOne">Publishes message number i and awaits its ack.</param>
    /// <param name="publishedAt">Filled with each message's send time (Stopwatch ticks), taken as its window slot is free.</param>
    public static async Task RunAsync(
        int count, double? rate, int window, long[] publishedAt, Func<int, CancellationToken, Task> publishOne, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(window);
        var inFlight = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            if (rate is { } perSecond)
            {
                var due = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken).ConfigureAwait(false);
                }
            }

            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            publishedAt[i] = Stopwatch.GetTimestamp();
            inFlight.Add(PublishInSlotAsync(i));
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);

        async Task PublishInSlotAsync(int index)
        {
            try
            {
                await publishOne(index, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
