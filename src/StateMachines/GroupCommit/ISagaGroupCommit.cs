namespace Knapscen.Sagas.StateMachines.GroupCommit;

/// <summary>
/// Group commit: one database transaction that carries the transitions of several sagas, so the commit rate stops
/// being the ceiling. The intake owns the group; the saga repository joins it.
/// </summary>
public interface ISagaGroupCommit
{
    Task<ISagaGroupTransaction> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One open group transaction. An event whose transition fails (its exception comes out of <see cref="ApplyAsync"/>)
/// after it wrote anything cannot be undone alone: the group is then no longer usable, commits nothing, and its events
/// are applied again (the failed one alone). Nothing is durable, and no message may be acknowledged, before
/// <see cref="CommitAsync"/> returned. Disposing it uncommitted rolls it back.
/// </summary>
public interface ISagaGroupTransaction : IAsyncDisposable
{
    /// <summary>
    /// False once a failure ended the whole transaction (a deadlock victim, a lost connection, an event that failed
    /// after writing): apply nothing more.
    /// </summary>
    bool IsUsable { get; }

    /// <summary>
    /// Records the events about to be applied in the inbox and locks and loads their sagas, all in one round trip, so
    /// that applying each of them costs no round trip of its own. One event per saga; an event left out, or one this
    /// call finds applied before, is recorded and loaded when it is applied, as without this call. Call it once, first.
    /// </summary>
    Task PrepareAsync(IReadOnlyList<GroupEvent> events, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="send"/> (one mediator Send) with the saga repository inside this transaction.</summary>
    Task ApplyAsync(Func<Task> send);

    /// <summary>
    /// Awaits the steps the applied events launched, then commits. When launches of some events failed it commits
    /// nothing and throws <see cref="GroupLaunchesFailedException"/> naming them.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>
/// An event as the saga repository records it in its inbox: the CloudEvent's source and id (the inbox key), its type,
/// and the saga it is correlated to. The intake sends the event with exactly these headers.
/// </summary>
public sealed record GroupEvent(string Source, string EventId, string? EventType, Guid SagaId);
