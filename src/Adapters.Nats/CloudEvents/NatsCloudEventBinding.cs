using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.Extensions.Primitives;
using NATS.Client.Core;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>
/// The CloudEvents protocol binding for NATS messages, on top of <see cref="JsonEventFormatter"/>
/// (CloudNative.CloudEvents ships bindings for HTTP, Kafka, AMQP and MQTT, but not NATS).
/// </summary>
internal sealed class NatsCloudEventBinding(JsonEventFormatter formatter)
{
    public NatsCloudEventBinding()
        : this(new JsonEventFormatter())
    {
    }

    /// <summary>Decodes a message; every rejection is an <see cref="InvalidCloudEventException"/>.</summary>
    public CloudEvent Decode(IDictionary<string, StringValues>? headers, ReadOnlyMemory<byte> body, int maxBodyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBodyBytes);
        if (body.Length > maxBodyBytes)
        {
            throw new InvalidCloudEventException($"body is {body.Length} bytes; the limit is {maxBodyBytes}");
        }

        var cloudEvent = IsBinaryMode(headers)
            ? BinaryModeReader.Read(formatter, headers!, body)
            : StructuredModeReader.Read(formatter, body);
        TraceHeaders.AdoptWhenAbsent(cloudEvent, headers);
        return cloudEvent;
    }

    /// <summary>Binary mode alone: for the HTTP binding, whose headers follow the same rules.</summary>
    public CloudEvent DecodeBinary(IDictionary<string, StringValues> headers, ReadOnlyMemory<byte> body) => BinaryModeReader.Read(formatter, headers, body);

    /// <summary>Structured mode alone: for the HTTP binding.</summary>
    public CloudEvent DecodeStructured(ReadOnlyMemory<byte> body) => StructuredModeReader.Read(formatter, body);

    public (NatsHeaders Headers, byte[] Body) EncodeStructured(CloudEvent cloudEvent)
    {
        EnsureEncodable(cloudEvent);
        var body = Encode(() => formatter.EncodeStructuredModeMessage(cloudEvent, out _));
        var headers = new NatsHeaders { [NatsCloudEventHeaders.ContentType] = NatsCloudEventHeaders.StructuredJsonContentType };
        return (headers, body);
    }

    public (NatsHeaders Headers, byte[] Body) EncodeBinary(CloudEvent cloudEvent)
    {
        EnsureEncodable(cloudEvent);
        var body = Encode(() => formatter.EncodeBinaryModeEventData(cloudEvent));
        var headers = new NatsHeaders
        {
            [NatsCloudEventHeaders.AttributePrefix + "specversion"] = cloudEvent.SpecVersion.VersionId,
        };
        var dataContentTypeAttribute = cloudEvent.SpecVersion.DataContentTypeAttribute;
        foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
        {
            if (attribute != dataContentTypeAttribute)
            {
                headers[NatsCloudEventHeaders.AttributePrefix + attribute.Name] = PercentEncoding.Encode(attribute.Format(value));
            }
        }

        // The formatter writes data without a content type as JSON; say so, so the decoder reads it back as JSON.
        if (formatter.GetOrInferDataContentType(cloudEvent) is { } dataContentType)
        {
            headers[NatsCloudEventHeaders.ContentType] = dataContentType;
        }

        return (headers, body);
    }

    // Structured when the content type says so, and also for bare bodies: the original Python producers publish
    // structured JSON with no headers at all, and other publishers add headers that are not CloudEvents attributes.
    private static bool IsBinaryMode(IDictionary<string, StringValues>? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return false;
        }

        var contentType = NatsHeaderValues.Single(headers, NatsCloudEventHeaders.ContentType);
        if (contentType is not null
            && contentType.StartsWith(NatsCloudEventHeaders.StructuredMediaTypePrefix, StringComparison.OrdinalIgnoreCase))
        {
            EnsureStructuredJson(contentType);
            return false;
        }

        return headers.Keys.Any(key => key.StartsWith(NatsCloudEventHeaders.AttributePrefix, StringComparison.OrdinalIgnoreCase));
    }

    private static void EnsureStructuredJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        if (!mediaType.Equals(NatsCloudEventHeaders.StructuredJsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidCloudEventException(
                $"header 'Content-Type' is {ReasonText.Quote(contentType)}; only '{NatsCloudEventHeaders.StructuredJsonMediaType}' is supported for structured mode");
        }
    }

    private static void EnsureEncodable(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (RequiredAttributes.FirstMissing(cloudEvent) is { } missing)
        {
            throw new InvalidCloudEventException($"attribute '{missing.Name}' is missing");
        }
    }

    private static byte[] Encode(Func<ReadOnlyMemory<byte>> encode)
    {
        try
        {
            return encode().ToArray();
        }
        catch (ArgumentException e)
        {
            throw new InvalidCloudEventException($"data cannot be encoded: {ReasonText.Detail(e)}", e);
        }
    }
}
