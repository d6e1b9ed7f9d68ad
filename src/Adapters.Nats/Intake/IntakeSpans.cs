using System.Diagnostics;
using Knapscen.Sagas.StateMachines.Telemetry;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>
/// The consumer span of one received event (OpenTelemetry messaging conventions). It continues the event's trace
/// context when it carries one (the CloudEvents extension, or a plain traceparent header adopted at decoding);
/// otherwise it is the root of a new trace, which the saga then keeps.
/// </summary>
internal static class IntakeSpans
{
    public static Activity? StartProcess(IntakeItem item)
    {
        if (!KnapscenActivitySource.Source.HasListeners())
        {
            return null;
        }

        var validated = item.Event;
        var traceParent = validated?.TraceParent ?? item.Output?.TraceParent;
        if (traceParent is null || !SagaTraceContext.TryParse(traceParent, out var parent, validated?.TraceState))
        {
            // Never a child of whatever this worker ran before: an event without context starts its own trace.
            Activity.Current = null;
            parent = default;
        }

        var subject = item.Message.Subject;
        var activity = KnapscenActivitySource.Source.StartActivity($"process {subject}", ActivityKind.Consumer, parent);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(SpanAttributeNames.MessagingSystem, "nats");
        activity.SetTag(SpanAttributeNames.MessagingDestination, subject);
        activity.SetTag(SpanAttributeNames.MessagingOperationType, "process");
        activity.SetTag(SpanAttributeNames.MessagingOperationName, "process");
        if (validated is not null)
        {
            activity.SetTag(SpanAttributeNames.MessagingMessageId, validated.Event.Id);
            activity.SetTag(SpanAttributeNames.SagaId, validated.Subject.ToString());
            activity.SetTag("cloudevents.event_type", validated.Event.Type);
            activity.SetTag("cloudevents.event_source", validated.Event.Source?.ToString());
        }

        return activity;
    }

    public static void Failed(Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}
