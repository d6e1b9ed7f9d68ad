namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>
/// Which launch ids this process has running or has finished, for AlreadyLaunched answers. Finished ids are forgotten
/// after a while or beyond a count so memory stays bounded; a launch repeated after that runs again, and correctness then
/// rests on the step itself being idempotent (as it must be anyway: a restarted orchestrator remembers nothing).
/// </summary>
internal sealed class LaunchRegistry(int capacity, TimeSpan retention, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly HashSet<string> running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> finished = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> finishedOrder = new();

    public int RememberedFinished
    {
        get
        {
            lock (gate)
            {
                return finished.Count;
            }
        }
    }

    /// <summary>False when the id is running or still remembered as finished.</summary>
    public bool TryBegin(string launchId)
    {
        lock (gate)
        {
            Evict();
            return !finished.ContainsKey(launchId) && running.Add(launchId);
        }
    }

    public void Finish(string launchId)
    {
        lock (gate)
        {
            running.Remove(launchId);
            var now = time.GetUtcNow();
            finished[launchId] = now;
            finishedOrder.Enqueue((launchId, now));
            Evict();
        }
    }

    private void Evict()
    {
        var now = time.GetUtcNow();
        while (finishedOrder.TryPeek(out var oldest) && (finished.Count > capacity || now - oldest.At > retention))
        {
            finishedOrder.Dequeue();

            // A stale queue entry (same id finished again later) must not evict the newer record.
            if (finished.TryGetValue(oldest.Id, out var at) && at == oldest.At)
            {
                finished.Remove(oldest.Id);
            }
        }
    }
}
