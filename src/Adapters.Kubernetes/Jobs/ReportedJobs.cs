namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// Jobs whose result was already published, so a re-list does not publish every finished Job again. Bounded, oldest
/// forgotten first: forgetting only costs a duplicate, which the intake drops by launch id.
/// </summary>
internal sealed class ReportedJobs(int capacity)
{
    private readonly Lock gate = new();
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return keys.Count;
            }
        }
    }

    public bool Contains(string key)
    {
        lock (gate)
        {
            return keys.Contains(key);
        }
    }

    public void Add(string key)
    {
        lock (gate)
        {
            if (!keys.Add(key))
            {
                return;
            }

            order.Enqueue(key);
            while (keys.Count > capacity && order.TryDequeue(out var oldest))
            {
                keys.Remove(oldest);
            }
        }
    }
}
