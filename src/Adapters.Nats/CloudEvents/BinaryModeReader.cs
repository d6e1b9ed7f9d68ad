using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.Extensions.Primitives;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>
/// Reads a binary-mode message: attributes in percent-encoded <c>ce-*</c> headers, the data content type in
/// <c>Content-Type</c>, and the body as the data itself. NATS and HTTP headers alike (both are name → values), so
/// the API refuses exactly what the intake refuses.
/// </summary>
internal static class BinaryModeReader
{
    public static CloudEvent Read(JsonEventFormatter formatter, IDictionary<string, StringValues> headers, ReadOnlyMemory<byte> body)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, DistributedTracing.AllAttributes);
        var sawSpecVersion = false;
        foreach (var (header, values) in headers)
        {
            if (!header.StartsWith(NatsCloudEventHeaders.AttributePrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Header names are case-insensitive in the CloudEvents bindings; attribute names are lower case.
            var name = header[NatsCloudEventHeaders.AttributePrefix.Length..].ToLowerInvariant();
            var value = DecodeValue(header, NatsHeaderValues.Single(header, values));
            if (name == "specversion")
            {
                CheckSpecVersion(header, value);
                sawSpecVersion = true;
            }
            else
            {
                SetAttribute(cloudEvent, header, name, value);
            }
        }

        if (!sawSpecVersion)
        {
            throw new InvalidCloudEventException("attribute 'specversion' (header 'ce-specversion') is missing");
        }

        SetDataContentType(cloudEvent, headers);
        if (RequiredAttributes.FirstMissing(cloudEvent) is { } missing)
        {
            throw new InvalidCloudEventException(
                $"attribute '{missing.Name}' (header '{NatsCloudEventHeaders.AttributePrefix}{missing.Name}') is missing");
        }

        SetData(formatter, cloudEvent, body);
        return cloudEvent;
    }

    private static string DecodeValue(string header, string encoded) => PercentEncoding.TryDecode(encoded, out var decoded) switch
    {
        PercentDecodeStatus.Decoded => decoded,
        PercentDecodeStatus.MalformedEscape => throw new InvalidCloudEventException(
            $"header '{header}' is not valid percent-encoding: every '%' must be followed by two hex digits"),
        _ => throw new InvalidCloudEventException($"header '{header}' is not valid percent-encoded UTF-8"),
    };

    private static void CheckSpecVersion(string header, string value)
    {
        if (CloudEventsSpecVersion.FromVersionId(value) != CloudEventsSpecVersion.V1_0)
        {
            throw new InvalidCloudEventException(
                $"attribute 'specversion' (header '{header}') is {ReasonText.Quote(value)}; only '1.0' is supported");
        }
    }

    private static void SetAttribute(CloudEvent cloudEvent, string header, string name, string value)
    {
        if (!AttributeNames.IsValid(name))
        {
            throw new InvalidCloudEventException(
                $"header {ReasonText.Quote(header)} does not name a valid attribute; names are lower-case letters and digits");
        }

        try
        {
            cloudEvent.SetAttributeFromString(name, value);
        }
        catch (ArgumentException e)
        {
            throw new InvalidCloudEventException(value.Length == 0
                ? $"attribute '{name}' (header '{header}') is empty"
                : $"attribute '{name}' (header '{header}') is {ReasonText.Quote(value)}, which is not valid: {ReasonText.Detail(e)}", e);
        }
    }

    // Content-Type is the binding's carrier for datacontenttype, so it wins over a stray ce-datacontenttype header.
    private static void SetDataContentType(CloudEvent cloudEvent, IDictionary<string, StringValues> headers)
    {
        if (NatsHeaderValues.Single(headers, NatsCloudEventHeaders.ContentType) is not { } contentType)
        {
            return;
        }

        try
        {
            cloudEvent.DataContentType = contentType;
        }
        catch (ArgumentException e)
        {
            throw new InvalidCloudEventException(
                $"header 'Content-Type' is {ReasonText.Quote(contentType)}, which is not a valid content type", e);
        }
    }

    private static void SetData(JsonEventFormatter formatter, CloudEvent cloudEvent, ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return;
        }

        // Like the SDK, an absent content type means JSON; unlike it, "+json" types are parsed too.
        var contentType = cloudEvent.DataContentType ?? MediaTypes.Json;
        if (!MediaTypes.IsJson(contentType))
        {
            try
            {
                formatter.DecodeBinaryModeEventData(body, cloudEvent);
            }
            catch (ArgumentException e)
            {
                throw new InvalidCloudEventException(
                    $"body cannot be read as header 'Content-Type' {ReasonText.Quote(contentType)} says: {ReasonText.Detail(e)}", e);
            }

            return;
        }

        if (MediaTypes.DeclaresNonUtf8Charset(contentType, out var charset))
        {
            throw new InvalidCloudEventException(
                $"header 'Content-Type' declares charset {ReasonText.Quote(charset)}; JSON data must be UTF-8");
        }

        using var document = JsonBody.Parse(body);
        cloudEvent.Data = document.RootElement.Clone();
    }
}
