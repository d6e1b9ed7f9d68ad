using System.Collections.Concurrent;
using System.Diagnostics;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// When each Job's create request started and returned, and when the orchestrator's watcher saw it finished (it
/// publishes the result the moment it observes the Complete condition). Stopwatch ticks, keyed by launch id = Job name.
/// </summary>
internal sealed class JobTimings
{
    private readonly ConcurrentDictionary<string, (long Started, long Created)> creates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> finishes = new(StringComparer.Ordinal);

    /// <summary>How long a create rate must hold to count as sustained.</summary>
    public static readonly TimeSpan SustainedWindow = TimeSpan.FromSeconds(5);

    public void Created(string launchId, long started, long created) => creates.TryAdd(launchId, (started, created));

    public void FinishObserved(string launchId) => finishes.TryAdd(launchId, Stopwatch.GetTimestamp());

    /// <summary>Forgets the warm-up's Jobs, so the summary describes one pass.</summary>
    public void Clear()
    {
        creates.Clear();
        finishes.Clear();
    }

    public JobTimingSummary Summarize()
    {
        var all = creates.ToArray();
        var requestMs = new List<double>(all.Length);
        var completeMs = new List<double>(all.Length);
        var first = long.MaxValue;
        var last = long.MinValue;
        foreach (var (launchId, (started, created)) in all)
        {
            first = Math.Min(first, started);
            last = Math.Max(last, created);
            requestMs.Add(Stopwatch.GetElapsedTime(started, created).TotalMilliseconds);
            if (finishes.TryGetValue(launchId, out var finished))
            {
                completeMs.Add(Stopwatch.GetElapsedTime(started, finished).TotalMilliseconds);
            }
        }

        var starts = all.Select(entry => entry.Value.Started).Order().ToArray();
        var seconds = all.Length == 0 ? double.NaN : Math.Max(Stopwatch.GetElapsedTime(first, last).TotalSeconds, 1e-3);
        return new JobTimingSummary
        {
            Created = all.Length,
            FirstToLastCreateSeconds = seconds,
            CreatesPerSecond = all.Length / seconds,
            BusiestWindowCreatesPerSecond = BusiestWindow(starts, SustainedWindow) / SustainedWindow.TotalSeconds,
            CreateRequestMs = Percentiles.Of(requestMs),
            CreateToCompleteObservedMs = Percentiles.Of(completeMs),
            NeverSeenComplete = all.Length - completeMs.Count,
        };
    }

    /// <summary>The most create requests started within any one window (a pass's chains of steps ebb and flow; this is what the create path kept up).</summary>
    private static int BusiestWindow(long[] sortedStarts, TimeSpan window)
    {
        var windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
        var busiest = 0;
        var first = 0;
        for (var last = 0; last < sortedStarts.Length; last++)
        {
            while (sortedStarts[last] - sortedStarts[first] >= windowTicks)
            {
                first++;
            }

            busiest = Math.Max(busiest, last - first + 1);
        }

        return busiest;
    }
}

internal sealed record JobTimingSummary
{
    public required int Created { get; init; }

    /// <summary>From the first create request's start to the last one's answer.</summary>
    public required double FirstToLastCreateSeconds { get; init; }

    public required double CreatesPerSecond { get; init; }

    /// <summary>Create requests per second over the busiest <see cref="JobTimings.SustainedWindow"/> of the pass.</summary>
    public required double BusiestWindowCreatesPerSecond { get; init; }

    /// <summary>The create call alone (the launcher's retries included).</summary>
    public required Percentiles CreateRequestMs { get; init; }

    /// <summary>Create request started → the watcher saw the Job's Complete (or Failed) condition.</summary>
    public required Percentiles CreateToCompleteObservedMs { get; init; }

    public required int NeverSeenComplete { get; init; }
}
