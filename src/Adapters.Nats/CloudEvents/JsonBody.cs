using System.Text.Json;
using System.Text.Unicode;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>Parses a JSON body with failures phrased as reasons.</summary>
internal static class JsonBody
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        // System.Text.Json defers UTF-8 validation of strings until they are read; check up front instead.
        if (!Utf8.IsValid(body.Span))
        {
            throw new InvalidCloudEventException("body is not valid UTF-8");
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new InvalidCloudEventException($"body is not valid JSON: {e.Message}", e);
        }
    }
}
