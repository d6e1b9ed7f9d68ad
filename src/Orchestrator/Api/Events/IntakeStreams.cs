using Knapscen.Sagas.Adapters.Nats.Publishing;

namespace Knapscen.Sagas.Orchestrator.Api.Events;

/// <summary>
/// Makes sure the JetStream streams exist before the API's first publish: the intake creates them in the background
/// at start, and a request can arrive before it has. Once created they stay, so this runs once per process (again
/// after a failure).
/// </summary>
internal sealed class IntakeStreams(CloudEventPublisher publisher)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool ensured;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (ensured)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!ensured)
            {
                await publisher.EnsureStreamsAsync(cancellationToken).ConfigureAwait(false);
                ensured = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
