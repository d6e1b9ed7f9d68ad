using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Publishing;
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
    ILogger<IntakeMessageHandler> logger)
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

            if (item.Output is { } output)
            {
                await dispatcher.DispatchOutputAsync(output, cancellationToken).ConfigureAwait(false);
                await announcer.AnnounceAsync(output, message, cancellationToken).ConfigureAwait(false);
                await message.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }

            if (item.Event is null)
            {
                await message.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }

            // The saga keeps the context of this span (or the event's when nothing listens), so its later work joins this trace.
            var traceParent = SagaTraceContext.TraceParentOf(activity) ?? item.Event.TraceParent;
            await dispatcher.DispatchAsync(item.Event, traceParent, cancellationToken).ConfigureAwait(false);
            await message.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure of one message must leave the intake running; the message is retried or dead-lettered.
        catch (Exception e)
#pragma warning restore CA1031
        {
            IntakeSpans.Failed(activity, e.Message);
            await HandleFailureAsync(item, e, cancellationToken).ConfigureAwait(false);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle the event on {Subject}; the server will redeliver it")]
    private partial void LogAckFailed(Exception error, string subject);
}
