using System.Diagnostics;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Telemetry;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Persistence.Deadlines;

/// <summary>
/// Fires durable deadlines: claims sagas whose next deadline passed and sends each a <see cref="DeadlinesDue"/>.
/// The saga decides what is really due, so a spurious or repeated DeadlinesDue is harmless, and a saga whose dispatch
/// failed is claimed again when its lease runs out.
/// </summary>
internal sealed partial class DeadlineScanner(
    SagaConnectionString connection,
    IServiceScopeFactory scopeFactory,
    IOptions<DeadlineScannerOptions> options,
    TimeProvider time,
    ILogger<DeadlineScanner> logger)
{
    // Claimed sagas are distinct rows, so their transactions do not contend; a few in flight keeps a large batch from
    // paying one commit latency after another without taking every pooled connection.
    private const int DispatchParallelism = 4;

    /// <summary>Claims one batch of due sagas and dispatches them; returns how many were claimed.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var claimed = await DeadlineClaim
            .ClaimAsync(connection.Value, time.GetUtcNow(), settings.BatchSize, settings.Lease, ct)
            .ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return 0;
        }

        await Parallel.ForEachAsync(
                claimed,
                new ParallelOptions { MaxDegreeOfParallelism = DispatchParallelism, CancellationToken = ct },
                (saga, token) => new ValueTask(DispatchAsync(saga, token)))
            .ConfigureAwait(false);
        return claimed.Count;
    }

    // A fresh scope per saga: the repository takes its DbContext from the message's scope, and one saga's failed
    // transaction must not leave state behind for the next.
    private async Task DispatchAsync(DueSaga due, CancellationToken ct)
    {
        var sagaId = due.Id;
        // Hours may have passed since the saga's last event: its stored context puts this work back in its trace.
        using var activity = KnapscenActivitySource.StartForSaga("deadlines", "due", ActivityKind.Internal, sagaId, due.TraceParent);
        using var sagaScope = logger.BeginSagaScope(sagaId);
        try
        {
            var scope = scopeFactory.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var mediator = scope.ServiceProvider.GetRequiredService<IScopedMediator>();
                await mediator.Send(new DeadlinesDue { SagaId = sagaId }, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One saga's failure must not keep the others' deadlines from firing; its lease brings it back.
        catch (Exception error)
#pragma warning restore CA1031
        {
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            LogDispatchFailed(error, sagaId, options.Value.LeaseSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DeadlinesDue for saga {SagaId} failed; it is claimed again in {LeaseSeconds} s")]
    private partial void LogDispatchFailed(Exception error, Guid sagaId, int leaseSeconds);
}
