namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>Header names and media types of the CloudEvents NATS binding.</summary>
internal static class NatsCloudEventHeaders
{
    public const string ContentType = "Content-Type";

    public const string AttributePrefix = "ce-";

    /// <summary>W3C trace context as plain headers, which NATS tooling sets without knowing about CloudEvents.</summary>
    public const string TraceParent = "traceparent";

    public const string TraceState = "tracestate";

    public const string StructuredMediaTypePrefix = "application/cloudevents";

    public const string StructuredJsonMediaType = "application/cloudevents+json";

    public const string StructuredJsonContentType = "application/cloudevents+json; charset=utf-8";
}
