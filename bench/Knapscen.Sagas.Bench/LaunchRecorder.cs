using System.Collections.Frozen;
using System.Diagnostics;

namespace Knapscen.Sagas.Bench;

/// <summary>When each saga of the current pass had its first step launched (Stopwatch ticks), and how launches and result publishes went.</summary>
/// <remarks>
/// The pass's sagas are known before it publishes, so their first-launch times live in an array sized up front: a
/// dictionary growing with every launched saga would grow the process over a long run and hide whether the
/// orchestrator's own memory is flat.
/// </remarks>
internal sealed class LaunchRecorder
{
    private PassLaunches current = PassLaunches.Empty;
    private long launches;
    private long duplicateLaunches;
    private long failedResultPublishes;

    public long Launches => Interlocked.Read(ref launches);

    public long DuplicateLaunches => Interlocked.Read(ref duplicateLaunches);

    public long FailedResultPublishes => Interlocked.Read(ref failedResultPublishes);

    /// <summary>Starts recording first launches for these sagas; launches of others (earlier passes) are only counted.</summary>
    public void BeginPass(IReadOnlyList<Guid> sagaIds) => Volatile.Write(ref current, new PassLaunches(sagaIds));

    public void Launched(Guid sagaId)
    {
        Interlocked.Increment(ref launches);
        var pass = Volatile.Read(ref current);
        if (pass.Index.TryGetValue(sagaId, out var index))
        {
            Interlocked.CompareExchange(ref pass.FirstLaunch[index], Stopwatch.GetTimestamp(), 0);
        }
    }

    public void DuplicateLaunch() => Interlocked.Increment(ref duplicateLaunches);

    public void ResultPublishFailed() => Interlocked.Increment(ref failedResultPublishes);

    /// <summary>The first launch of the current pass's saga number <paramref name="index"/>; false when it has none yet.</summary>
    public bool TryGetFirstLaunch(int index, out long timestamp)
    {
        timestamp = Volatile.Read(ref Volatile.Read(ref current).FirstLaunch[index]);
        return timestamp != 0;
    }

    private sealed class PassLaunches(IReadOnlyList<Guid> sagaIds)
    {
        public static readonly PassLaunches Empty = new([]);

        public FrozenDictionary<Guid, int> Index { get; } = sagaIds.Select((id, i) => (id, i)).ToFrozenDictionary(pair => pair.id, pair => pair.i);

        public long[] FirstLaunch { get; } = new long[sagaIds.Count];
    }
}
