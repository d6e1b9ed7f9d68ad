using System.Collections.Concurrent;
using System.Diagnostics;

namespace Knapscen.Sagas.Bench;

/// <summary>When each saga's first step was launched (Stopwatch ticks), and how launches and result publishes went.</summary>
internal sealed class LaunchRecorder
{
    private readonly ConcurrentDictionary<Guid, long> firstLaunch = new();
    private long launches;
    private long duplicateLaunches;
    private long failedResultPublishes;

    public long Launches => Interlocked.Read(ref launches);

    public long DuplicateLaunches => Interlocked.Read(ref duplicateLaunches);

    public long FailedResultPublishes => Interlocked.Read(ref failedResultPublishes);

    public int SagasLaunched => firstLaunch.Count;

    public void Launched(Guid sagaId)
    {
        Interlocked.Increment(ref launches);
        firstLaunch.TryAdd(sagaId, Stopwatch.GetTimestamp());
    }

    public void DuplicateLaunch() => Interlocked.Increment(ref duplicateLaunches);

    public void ResultPublishFailed() => Interlocked.Increment(ref failedResultPublishes);

    public bool TryGetFirstLaunch(Guid sagaId, out long timestamp) => firstLaunch.TryGetValue(sagaId, out timestamp);
}
