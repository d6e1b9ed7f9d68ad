using CloudNative.CloudEvents;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>
/// The CloudEvents distributed-tracing extension (W3C trace context), which CloudNative.CloudEvents 2.9.0 does not ship.
/// Pass <see cref="AllAttributes"/> when creating or decoding events so the attributes are typed rather than ad hoc.
/// </summary>
internal static class DistributedTracing
{
    public static CloudEventAttribute TraceParentAttribute { get; } =
        CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    public static CloudEventAttribute TraceStateAttribute { get; } =
        CloudEventAttribute.CreateExtension("tracestate", CloudEventAttributeType.String);

    public static IEnumerable<CloudEventAttribute> AllAttributes { get; } = [TraceParentAttribute, TraceStateAttribute];

    public static CloudEvent SetTraceParent(this CloudEvent cloudEvent, string? traceParent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        cloudEvent[TraceParentAttribute] = traceParent;
        return cloudEvent;
    }

    public static CloudEvent SetTraceState(this CloudEvent cloudEvent, string? traceState)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        cloudEvent[TraceStateAttribute] = traceState;
        return cloudEvent;
    }

    public static string? GetTraceParent(this CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent[TraceParentAttribute] as string;
    }

    public static string? GetTraceState(this CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent[TraceStateAttribute] as string;
    }
}
