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
/// One open group transaction. Each event is applied under a savepoint of its own: an event whose transition fails is
/// undone alone (its exception comes out of <see cref="ApplyAsync"/>) and the others stay. Nothing is durable, and no
/// message may be acknowledged, before <see cref="CommitAsync"/> returned. Disposing it uncommitted rolls it back.
/// </summary>
public interface ISagaGroupTransaction : IAsyncDisposable
{
    /// <summary>False once a failure ended the whole transaction (a deadlock victim, a lost connection): apply nothing more.</summary>
    bool IsUsable { get; }

    /// <summary>Runs <paramref name="send"/> (one mediator Send) with the saga repository inside this transaction.</summary>
    Task ApplyAsync(Func<Task> send);

    /// <summary>
    /// Awaits the steps the applied events launched, then commits. When launches of some events failed it commits
    /// nothing and throws <see cref="GroupLaunchesFailedException"/> naming them.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
