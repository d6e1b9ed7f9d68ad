using System.Diagnostics;
using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.StateMachines.GroupCommit;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>
/// One message's life: decode and validate, dead-letter what is invalid, dispatch what is valid into the saga,
/// then acknowledge. A failure before the commit leaves the message unacknowledged for redelivery with backoff.
/// </summary>
internal sealed partial class IntakeMessageHandler(
    NatsCloudEventBinding binding,
    SagaDispatcher dispatcher,
    ResultBinding results,
    OutputAnnouncer announcer,
    DeadLetterPublisher deadLetters,
    OnboardingMetrics metrics,
    IOptions<NatsOptions> options,
    IOptions<IntakeOptions> intake,
    ILogger<IntakeMessageHandler> logger,
    ISagaGroupCommit? groupCommit = null)
{
    private static readonly TimeSpan MaxRedeliveryDelay = TimeSpan.FromSeconds(30);

    public IntakeItem Decode(INatsJSMsg<byte[]> message)
    {
        try
        {
            CloudEvent DecodeEvent() => binding.Decode(message.Headers, message.Data ?? [], options.Value.MaxBodyBytes);
            if (results.TryReadOutput(message.Subject, DecodeEvent, out var output, out var unbound))
            {
                return output is null
                    ? new IntakeItem(message, Event: null, unbound) { InvalidKind = DeadLetterReasons.UnboundResult }
                    : new IntakeItem(message, Event: null, InvalidReason: null) { Output = output };
            }

            var cloudEvent = DecodeEvent();
            if (cloudEvent.Type is { } type && KnapscenEventTypes.StepContainerResults.Contains(type))
            {
                // The containers' own shapes (any subject); announced for listeners, never a result.
                return new IntakeItem(message, Event: null, InvalidReason: null) { Informational = true };
            }

            var validated = CloudEventValidator.Validate(cloudEvent, intake.Value);
            return results.Check(validated, message.Subject) is { } reason
                ? new IntakeItem(message, Event: null, reason) { InvalidKind = DeadLetterReasons.UnboundResult }
                : new IntakeItem(message, validated, InvalidReason: null);
        }
        catch (InvalidCloudEventException e)
        {
            return new IntakeItem(message, Event: null, e.Reason);
        }
    }

    /// <summary>One event in a transaction of its own (with the repository's retries), then acknowledged; or dead-lettered.</summary>
    public async Task HandleAsync(IntakeItem item, CancellationToken cancellationToken)
    {
        var message = item.Message;
        using var activity = IntakeSpans.StartProcess(item);
        using var sagaScope = item.PartitionKey is { } sagaId ? logger.BeginSagaScope(sagaId) : null;
        try
        {
            if (item.InvalidReason is { } invalid)
            {
                IntakeSpans.Failed(activity, invalid);
                await deadLetters.PublishAsync(message, invalid, cancellationToken).ConfigureAwait(false);
                await message.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                metrics.EventDeadLettered(item.InvalidKind);
                return;
            }

            await DispatchAsync(item, activity, cancellationToken).ConfigureAwait(false);
            await SettleAsync(item, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure of one message must leave the intake running; the message is retried or dead-lettered.
        catch (Exception e)
#pragma warning restore CA1031
        {
            IntakeSpans.Failed(activity, e.Message);
            await HandleFailureAsync(item, e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Valid events of different sagas (at most one each) in one group transaction, then one commit, then every message
    /// of the group acknowledged. An event whose transition fails goes through <see cref="HandleAsync"/> (own
    /// transaction, retries, nak); if it had written anything, which only the whole transaction can undo, the others
    /// are applied again as a smaller group. When the transaction itself is lost, every event of the group goes alone.
    /// The group first records every event and locks every saga in one round trip (<see cref="ISagaGroupTransaction.PrepareAsync"/>).
    /// </summary>
    public async Task HandleGroupAsync(IReadOnlyList<IntakeItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 1 || groupCommit is null)
        {
            foreach (var item in items)
            {
                await HandleAsync(item, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var applied = new List<IntakeItem>(items.Count);
        var alone = new List<IntakeItem>();
        List<IntakeItem>? again = null;
        try
        {
            var group = await groupCommit.BeginAsync(cancellationToken).ConfigureAwait(false);
            await using (group.ConfigureAwait(false))
            {
                await group.PrepareAsync([.. items.Select(SagaDispatcher.InboxEventOf).OfType<GroupEvent>()], cancellationToken).ConfigureAwait(false);
                // In the order ApplyAsync saw them, which is how a failed launch names its event.
                var attempted = new List<IntakeItem>(items.Count);
                foreach (var item in items)
                {
                    if (!group.IsUsable)
                    {
                        (again ??= []).Add(item);
                        continue;
                    }

                    attempted.Add(item);
                    if (!await TryApplyAsync(group, item, cancellationToken).ConfigureAwait(false))
                    {
                        alone.Add(item);
                        continue;
                    }

                    applied.Add(item);
                }

                if (applied.Count > 0 && group.IsUsable)
                {
                    try
                    {
                        await group.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (GroupLaunchesFailedException e)
                    {
                        // Nothing committed: the events whose launches failed go alone, the others in a group again.
                        LogLaunchesFailed(e, e.FailedApplications.Count, applied.Count);
                        var failed = e.FailedApplications.Select(index => attempted[index]).ToHashSet();
                        alone.AddRange(failed);
                        again = [.. applied.Where(item => !failed.Contains(item))];
                        applied.Clear();
                    }
                }
                else
                {
                    // Whatever the group applied went with its transaction; the failed events are already alone.
                    (again ??= []).AddRange(applied);
                    applied.Clear();
                }
            }
        }
#pragma warning disable CA1031 // The group's transaction failed as a whole: each event is tried again on its own.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogGroupFailed(e, items.Count);
            alone = [.. items];
            applied.Clear();
            again = null;
        }

        metrics.GroupCommitted(applied.Count, alone.Count);
        foreach (var item in applied)
        {
            try
            {
                await SettleAsync(item, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Committed: without an ack the server redelivers, and the inbox makes that a no-op.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogAckFailed(e, item.Message.Subject);
            }
        }

        if (again is { Count: > 0 })
        {
            // Smaller each time: at least one event left for the alone path.
            await HandleGroupAsync(again, cancellationToken).ConfigureAwait(false);
        }

        foreach (var item in alone)
        {
            await HandleAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryApplyAsync(ISagaGroupTransaction group, IntakeItem item, CancellationToken cancellationToken)
    {
        using var activity = IntakeSpans.StartProcess(item);
        using var sagaScope = item.PartitionKey is { } sagaId ? logger.BeginSagaScope(sagaId) : null;
        try
        {
            await group.ApplyAsync(() => DispatchAsync(item, activity, cancellationToken)).ConfigureAwait(false);
            return true;
        }
#pragma warning disable CA1031 // Retried alone after the group's commit (or after the group, when it had to end it).
        catch (Exception e)
#pragma warning restore CA1031
        {
            IntakeSpans.Failed(activity, e.Message);
            LogRetryAlone(e, item.Message.Subject);
            return false;
        }
    }

    private async Task DispatchAsync(IntakeItem item, Activity? activity, CancellationToken cancellationToken)
    {
        if (item.Output is { } output)
        {
            await dispatcher.DispatchOutputAsync(output, cancellationToken).ConfigureAwait(false);
        }
        else if (item.Event is { } validated)
        {
            // The saga keeps the context of this span (or the event's when nothing listens), so its later work joins this trace.
            var traceParent = SagaTraceContext.TraceParentOf(activity) ?? validated.TraceParent;
            await dispatcher.DispatchAsync(validated, traceParent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After the commit: a launch's output is announced, then the message acknowledged.</summary>
    private async Task SettleAsync(IntakeItem item, CancellationToken cancellationToken)
    {
        if (item.Output is { } output)
        {
            await announcer.AnnounceAsync(output, item.Message, cancellationToken).ConfigureAwait(false);
        }

        await item.Message.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task HandleFailureAsync(IntakeItem item, Exception error, CancellationToken cancellationToken)
    {
        var message = item.Message;
        var deliveries = (int)(message.Metadata?.NumDelivered ?? 1);
        try
        {
            if (deliveries >= options.Value.MaxDeliveries)
            {
                LogGivingUp(error, message.Subject, deliveries);
                await deadLetters.PublishAsync(message, $"processing failed {deliveries} times; last error: {error.Message}", cancellationToken).ConfigureAwait(false);
                await message.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                metrics.EventDeadLettered(DeadLetterReasons.MaxDeliveries);
                return;
            }

            var delay = TimeSpan.FromMilliseconds(Math.Min(MaxRedeliveryDelay.TotalMilliseconds, 100 * Math.Pow(2, deliveries - 1)));
            LogWillRetry(error, message.Subject, deliveries, delay.TotalMilliseconds);
            await message.NakAsync(new AckOpts { NakDelay = delay }, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Without an ack the server redelivers after AckWait; nothing is lost.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogAckFailed(e, message.Subject);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event on {Subject} failed (delivery {Deliveries}); redelivering in {DelayMs} ms")]
    private partial void LogWillRetry(Exception error, string subject, int deliveries, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event on {Subject} failed {Deliveries} times; dead-lettering it")]
    private partial void LogGivingUp(Exception error, string subject, int deliveries);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event on {Subject} failed inside a group transaction; retrying it alone")]
    private partial void LogRetryAlone(Exception error, string subject);

    [LoggerMessage(Level = LogLevel.Information, Message = "Launches of {Failed} of the {Applied} events of a group transaction failed; nothing committed, those retried alone, the others in a group again")]
    private partial void LogLaunchesFailed(Exception error, int failed, int applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group transaction of {Count} events failed as a whole; retrying each alone")]
    private partial void LogGroupFailed(Exception error, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle the event on {Subject}; the server will redeliver it")]
    private partial void LogAckFailed(Exception error, string subject);
}
