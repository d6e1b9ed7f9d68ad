using System.Diagnostics.Metrics;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>
/// Intake lag: messages of the durable consumer not yet delivered plus those delivered and not yet acknowledged, from
/// the consumer info on the server, so it counts the work of every replica, not only this one.
/// </summary>
internal sealed partial class IntakeBacklogGauge : IObservedGauge
{
    private readonly CachedReading<Backlog> backlog;
    private readonly ILogger<IntakeBacklogGauge> logger;

    public IntakeBacklogGauge(
        INatsJSContext jetStream,
        JetStreamNames names,
        IOptions<NatsOptions> options,
        OnboardingMetrics metrics,
        TimeProvider clock,
        ILogger<IntakeBacklogGauge> logger)
    {
        this.logger = logger;
        backlog = new CachedReading<Backlog>(
            async ct =>
            {
                var consumer = await jetStream.GetConsumerAsync(names.IntakeStream, options.Value.ConsumerName, ct).ConfigureAwait(false);
                return new Backlog(checked((long)consumer.Info.NumPending), consumer.Info.NumAckPending);
            },
            TimeSpan.FromSeconds(5),
            clock);
        metrics.Meter.CreateObservableGauge(
            "knapscen.intake.pending",
            Observe,
            "{event}",
            "Events waiting in the JetStream intake consumer: not yet delivered (state=waiting) or delivered and not acknowledged (state=unacknowledged)");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        if (backlog.Get(error => LogReadFailed(error.GetType().Name, error.Message)) is not { } current)
        {
            return [];
        }

        return
        [
            new Measurement<long>(current.Waiting, new KeyValuePair<string, object?>("state", "waiting")),
            new Measurement<long>(current.Unacknowledged, new KeyValuePair<string, object?>("state", "unacknowledged")),
        ];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the intake consumer's backlog for the metrics ({ErrorType}: {Error})")]
    private partial void LogReadFailed(string errorType, string error);

    private sealed record Backlog(long Waiting, long Unacknowledged);
}
