namespace Knapscen.Sagas.Persistence;

/// <summary>
/// Called inside the saga transaction just before COMMIT, with the saga row locked. A fault-injection seam:
/// crash and retry tests throw or block here; production uses the no-op default.
/// </summary>
public interface ISagaCommitHook
{
    /// <param name="sagaId">The saga the transaction changed, or <see cref="Guid.Empty"/> when no saga instance was involved.</param>
    ValueTask BeforeCommitAsync(Guid sagaId, CancellationToken ct);
}

internal sealed class NoOpSagaCommitHook : ISagaCommitHook
{
    public static readonly NoOpSagaCommitHook Instance = new();

    public ValueTask BeforeCommitAsync(Guid sagaId, CancellationToken ct) => ValueTask.CompletedTask;
}
