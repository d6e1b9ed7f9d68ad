using System.Threading.Channels;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>
/// The events waiting for each saga. A saga is handed to one worker at a time, with its oldest event, and comes back
/// when that event is settled; so one saga's events are applied in order, and a saga that is slow (or has many events
/// waiting) holds up only itself, never the reader or other sagas. The server's MaxAckPending bounds what waits here.
/// </summary>
internal sealed class SagaLanes
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Queue<IntakeItem>> waiting = [];
    private readonly Channel<Guid> ready = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });

    public void Add(Guid sagaId, IntakeItem item)
    {
        lock (gate)
        {
            if (waiting.TryGetValue(sagaId, out var queue))
            {
                queue.Enqueue(item);
                return;
            }

            queue = new Queue<IntakeItem>();
            queue.Enqueue(item);
            waiting[sagaId] = queue;
        }

        ready.Writer.TryWrite(sagaId);
    }

    /// <summary>
    /// The oldest event of up to <paramref name="max"/> sagas, one each: waits for the first, then takes what is ready
    /// and waits at most <paramref name="maxWait"/> for more. Null once <see cref="Complete"/> was called and nothing is left.
    /// </summary>
    public async Task<List<IntakeItem>?> TakeAsync(int max, TimeSpan maxWait)
    {
        var taken = new List<IntakeItem>(max);
        while (taken.Count == 0)
        {
            if (!await ready.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                return null;
            }

            TakeReady(taken, max);
        }

        if (taken.Count < max && maxWait > TimeSpan.Zero)
        {
            using var wait = new CancellationTokenSource(maxWait);
            try
            {
                while (taken.Count < max && await ready.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    TakeReady(taken, max);
                }
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
            }
        }

        return taken;
    }

    /// <summary>The saga's oldest event is settled: its next one, if any, becomes ready.</summary>
    public void Done(Guid sagaId)
    {
        lock (gate)
        {
            var queue = waiting[sagaId];
            queue.Dequeue();
            if (queue.Count == 0)
            {
                waiting.Remove(sagaId);
                return;
            }
        }

        // After Complete this fails: what still waits is left unacknowledged, and the server redelivers it.
        ready.Writer.TryWrite(sagaId);
    }

    /// <summary>No more events: workers finish what is ready and stop.</summary>
    public void Complete() => ready.Writer.TryComplete();

    private void TakeReady(List<IntakeItem> taken, int max)
    {
        while (taken.Count < max && ready.Reader.TryRead(out var sagaId))
        {
            lock (gate)
            {
                taken.Add(waiting[sagaId].Peek());
            }
        }
    }
}
