using CloudNative.CloudEvents;
using Microsoft.Extensions.Primitives;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>
/// Plain W3C <c>traceparent</c>/<c>tracestate</c> NATS headers, which publishers that know tracing but not the
/// CloudEvents extension set. The event's own extension always wins.
/// </summary>
internal static class TraceHeaders
{
    public static void AdoptWhenAbsent(CloudEvent cloudEvent, IDictionary<string, StringValues>? headers)
    {
        if (headers is null || cloudEvent.GetTraceParent() is not null)
        {
            return;
        }

        if (NatsHeaderValues.Single(headers, NatsCloudEventHeaders.TraceParent) is not { } traceParent)
        {
            return;
        }

        // tracestate is only meaningful next to the traceparent it came with, so the two are taken as a pair.
        Adopt(cloudEvent, DistributedTracing.TraceParentAttribute, NatsCloudEventHeaders.TraceParent, traceParent);
        if (NatsHeaderValues.Single(headers, NatsCloudEventHeaders.TraceState) is { } traceState)
        {
            Adopt(cloudEvent, DistributedTracing.TraceStateAttribute, NatsCloudEventHeaders.TraceState, traceState);
        }
    }

    private static void Adopt(CloudEvent cloudEvent, CloudEventAttribute attribute, string header, string value)
    {
        try
        {
            cloudEvent.SetAttributeFromString(attribute.Name, value);
        }
        catch (ArgumentException e)
        {
            throw new InvalidCloudEventException(
                $"header '{header}' is {ReasonText.Quote(value)}, which is not valid: {ReasonText.Detail(e)}", e);
        }
    }
}
