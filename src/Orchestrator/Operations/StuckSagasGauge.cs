using System.Diagnostics.Metrics;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Orchestrator.Operations;

/// <summary>
/// <c>knapscen_sagas_stuck</c>: unfinished sagas that need a person by the stuck definition (NeedsAttention, no
/// progress for <c>Deadlines:StuckAfterMinutes</c>, or a deadline nobody picks up), counted in the saga table so an
/// alert rule sees the installation's number whichever replica is scraped.
/// </summary>
internal sealed partial class StuckSagasGauge : IObservedGauge
{
    private readonly CachedReading<StuckCount> count;
    private readonly ILogger<StuckSagasGauge> logger;

    public StuckSagasGauge(SagaSearch search, OnboardingMetrics metrics, TimeProvider clock, ILogger<StuckSagasGauge> logger)
    {
        this.logger = logger;
        count = new CachedReading<StuckCount>(
            async ct => new StuckCount((await search.FindAsync(new SagaSearchFilter(StuckOnly: true, PageSize: 1), ct).ConfigureAwait(false)).Total),
            TimeSpan.FromSeconds(15),
            clock);
        metrics.Meter.CreateObservableGauge("knapscen.sagas.stuck", Observe, "{saga}", "Unfinished sagas that need a person (the stuck definition)");
    }

    private IEnumerable<Measurement<long>> Observe() =>
        count.Get(error => LogReadFailed(error.GetType().Name)) is { } stuck ? [new Measurement<long>(stuck.Sagas)] : [];

    // The error type only: a MySQL error text can quote the connection's user and host.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not count stuck sagas for the metrics ({ErrorType})")]
    private partial void LogReadFailed(string errorType);

    private sealed record StuckCount(long Sagas);
}
