using System.Diagnostics;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Telemetry;

namespace Knapscen.Sagas.Adapters.Nats.Publishing;

/// <summary>The producer span of an outcome event (OpenTelemetry messaging conventions), in the saga's trace.</summary>
internal static class OutcomeSpans
{
    public static Activity? StartPublish(CustomerOnboardingState saga, string destination, string? messageId)
    {
        var activity = KnapscenActivitySource.StartForSaga("publish", destination, ActivityKind.Producer, saga.CorrelationId, saga.TraceParent);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(SpanAttributeNames.MessagingSystem, "nats");
        activity.SetTag(SpanAttributeNames.MessagingDestination, destination);
        activity.SetTag(SpanAttributeNames.MessagingOperationType, "send");
        activity.SetTag(SpanAttributeNames.MessagingOperationName, "publish");
        activity.SetTag(SpanAttributeNames.MessagingMessageId, messageId);
        return activity;
    }
}
