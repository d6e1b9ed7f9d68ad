using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>Reads a structured-mode message: the whole event, attributes and data, as one JSON object.</summary>
internal static class StructuredModeReader
{
    public static CloudEvent Read(JsonEventFormatter formatter, ReadOnlyMemory<byte> body)
    {
        using var document = JsonBody.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidCloudEventException(
                $"body is {ReasonText.Describe(root.ValueKind)}; a structured CloudEvent must be a JSON object");
        }

        try
        {
            return formatter.ConvertFromJsonElement(root, DistributedTracing.AllAttributes);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The SDK's messages rarely name the property at fault; work out which one it was.
            throw StructuredModeDiagnosis.Explain(root, e);
        }
    }
}
