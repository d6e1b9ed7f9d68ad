using System.Diagnostics.Metrics;

namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>
/// The orchestrator's own instruments, on the meter <see cref="MeterName"/>. Saga and step counters are fed from
/// committed transactions only (the saga repository records them after COMMIT), so a transaction retried after a
/// deadlock never counts twice.
/// </summary>
public sealed class OnboardingMetrics : IDisposable
{
    public const string MeterName = "Knapscen.Sagas";

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> started;
    private readonly Counter<long> completed;
    private readonly Counter<long> compensated;
    private readonly Counter<long> needsAttention;
    private readonly Counter<long> cancelled;
    private readonly Counter<long> stepRetries;
    private readonly Counter<long> stepTimeouts;
    private readonly Counter<long> eventsIgnored;
    private readonly Counter<long> eventsDeadLettered;
    private readonly Counter<long> operatorCommands;
    private readonly Histogram<double> stepDuration;
    private readonly Histogram<long> groupSize;
    private readonly Counter<long> groupRetriedAlone;

    /// <param name="meterFactory">The host's factory; without one (bare test containers) the meter is owned here.</param>
    public OnboardingMetrics(IMeterFactory? meterFactory)
    {
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        started = meter.CreateCounter<long>("knapscen.sagas.started", "{saga}", "Onboarding sagas created by a customer-registered event");
        completed = meter.CreateCounter<long>("knapscen.sagas.completed", "{saga}", "Sagas that reached Completed");
        compensated = meter.CreateCounter<long>("knapscen.sagas.compensated", "{saga}", "Sagas that reached Compensated");
        needsAttention = meter.CreateCounter<long>("knapscen.sagas.needs_attention", "{saga}", "Times a saga entered NeedsAttention (a compensation failed for good)");
        cancelled = meter.CreateCounter<long>("knapscen.sagas.cancelled", "{saga}", "Sagas cancelled by an operator");
        stepRetries = meter.CreateCounter<long>("knapscen.step.retries", "{attempt}", "Step attempts after the first, by step");
        stepTimeouts = meter.CreateCounter<long>("knapscen.step.timeouts", "{attempt}", "Step attempts that timed out, by step");
        eventsIgnored = meter.CreateCounter<long>("knapscen.events.ignored", "{event}", "Duplicate or late events that changed nothing, by reason");
        eventsDeadLettered = meter.CreateCounter<long>("knapscen.events.dead_lettered", "{event}", "Events moved to the dead-letter subject, by reason class");
        operatorCommands = meter.CreateCounter<long>("knapscen.operator.commands", "{command}", "Operator commands answered by a saga, by command and outcome (accepted, refused, not_found)");
        stepDuration = meter.CreateHistogram<double>(
            "knapscen.step.duration",
            "s",
            "How long a step attempt ran, from launch to its result being applied, by step and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800] });
        groupSize = meter.CreateHistogram<long>(
            "knapscen.intake.group_size",
            "{event}",
            "Events committed by one group transaction (Nats:GroupCommitSize caps it)",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        groupRetriedAlone = meter.CreateCounter<long>("knapscen.intake.group_retried_alone", "{event}", "Events of a group transaction that failed there and were retried in a transaction of their own");
    }

    /// <summary>For instruments that others own (observable gauges read from the database or NATS).</summary>
    public Meter Meter => meter;

    public void SagaStarted() => started.Add(1);

    /// <summary>The saga entered <paramref name="state"/>; only the states that end forward progress are counted.</summary>
    public void SagaEntered(string state)
    {
        var counter = state switch
        {
            "Completed" => completed,
            "Compensated" => compensated,
            "NeedsAttention" => needsAttention,
            "Cancelled" => cancelled,
            _ => null,
        };
        counter?.Add(1);
    }

    public void StepRetried(string step) => stepRetries.Add(1, new KeyValuePair<string, object?>("step", step));

    public void StepFinished(string step, StepOutcomeKind outcome, TimeSpan took)
    {
        var stepTag = new KeyValuePair<string, object?>("step", step);
        stepDuration.Record(Math.Max(0, took.TotalSeconds), stepTag, new KeyValuePair<string, object?>("outcome", outcome.Label()));
        if (outcome == StepOutcomeKind.TimedOut)
        {
            stepTimeouts.Add(1, stepTag);
        }
    }

    public void EventsIgnored(long count, string reason) => eventsIgnored.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void GroupCommitted(int committed, int retriedAlone)
    {
        if (committed > 0)
        {
            groupSize.Record(committed);
        }

        if (retriedAlone > 0)
        {
            groupRetriedAlone.Add(retriedAlone);
        }
    }

    public void EventDeadLettered(string reasonClass) => eventsDeadLettered.Add(1, new KeyValuePair<string, object?>("reason", reasonClass));

    public void OperatorCommandAnswered(string command, string outcome) =>
        operatorCommands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
