using Knapscen.Sagas.Persistence;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>
/// Fault injection for crash tests (setting <c>Testing:PauseBeforeCommitMarker</c>): the first saga transaction
/// writes the marker file and then never commits, so a test can kill -9 the process at exactly that point.
/// </summary>
internal sealed class PauseBeforeCommitHook(string markerPath) : ISagaCommitHook
{
    public async ValueTask BeforeCommitAsync(Guid sagaId, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(markerPath, sagaId.ToString(), cancellationToken).ConfigureAwait(false);
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }
}
