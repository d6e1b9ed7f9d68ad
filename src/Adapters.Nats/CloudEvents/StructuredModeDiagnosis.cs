using System.Globalization;
using System.Text.Json;
using CloudNative.CloudEvents;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>
/// Finds which property made JsonEventFormatter reject a structured event. Runs only after a failure, so the
/// accepted path stays the SDK's own conversion and this class only has to explain, never to decide.
/// </summary>
internal static class StructuredModeDiagnosis
{
    private const string DataProperty = "data";
    private const string DataBase64Property = "data_base64";

    public static InvalidCloudEventException Explain(JsonElement root, Exception sdkFailure)
    {
        try
        {
            CheckSpecVersion(root);
            var probe = new CloudEvent(CloudEventsSpecVersion.V1_0, DistributedTracing.AllAttributes);
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not (DataProperty or DataBase64Property or "specversion"))
                {
                    CheckAttribute(probe, property);
                }
            }

            if (RequiredAttributes.FirstMissing(probe) is { } missing)
            {
                return new InvalidCloudEventException($"attribute '{missing.Name}' is missing", sdkFailure);
            }

            CheckData(root, probe.DataContentType);
        }
        catch (InvalidCloudEventException reason)
        {
            return new InvalidCloudEventException(reason.Reason, sdkFailure);
        }

        return new InvalidCloudEventException(
            $"body is not a valid structured CloudEvent: {ReasonText.Detail(sdkFailure)}", sdkFailure);
    }

    private static void CheckSpecVersion(JsonElement root)
    {
        if (!root.TryGetProperty("specversion", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidCloudEventException("attribute 'specversion' is missing");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidCloudEventException(
                $"attribute 'specversion' is {ReasonText.Describe(value.ValueKind)}; it must be the string '1.0'");
        }

        var version = value.GetString()!;
        if (CloudEventsSpecVersion.FromVersionId(version) != CloudEventsSpecVersion.V1_0)
        {
            throw new InvalidCloudEventException(
                $"attribute 'specversion' is {ReasonText.Quote(version)}; only '1.0' is supported");
        }
    }

    private static void CheckAttribute(CloudEvent probe, JsonProperty property)
    {
        var name = property.Name;
        if (!AttributeNames.IsValid(name))
        {
            throw new InvalidCloudEventException(
                $"property {ReasonText.Quote(name)} is not a valid attribute name; names are lower-case letters and digits");
        }

        var value = property.Value;
        var attribute = probe.GetAttribute(name);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (attribute is { IsExtension: false } && value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidCloudEventException(
                $"attribute '{name}' is {ReasonText.Describe(value.ValueKind)}; it must be a string");
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number when value.TryGetInt32(out var number) => number.ToString(CultureInfo.InvariantCulture),
            JsonValueKind.Number => throw new InvalidCloudEventException(
                $"attribute '{name}' is a number that is not a 32-bit integer"),
            _ => throw new InvalidCloudEventException(
                $"attribute '{name}' is {ReasonText.Describe(value.ValueKind)}; attribute values must be strings, integers or booleans"),
        };

        try
        {
            probe.SetAttributeFromString(name, text);
        }
        catch (ArgumentException e)
        {
            throw new InvalidCloudEventException(text.Length == 0
                ? $"attribute '{name}' is empty"
                : $"attribute '{name}' is {ReasonText.Quote(text)}, which is not valid: {ReasonText.Detail(e)}");
        }
    }

    private static void CheckData(JsonElement root, string? dataContentType)
    {
        var data = root.TryGetProperty(DataProperty, out var d) ? d : default;
        var dataBase64 = root.TryGetProperty(DataBase64Property, out var b) ? b : default;
        var hasData = data.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
        var hasDataBase64 = dataBase64.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
        if (hasData && hasDataBase64)
        {
            throw new InvalidCloudEventException("body has both 'data' and 'data_base64'; at most one is allowed");
        }

        if (hasDataBase64 && (dataBase64.ValueKind != JsonValueKind.String || !dataBase64.TryGetBytesFromBase64(out _)))
        {
            throw new InvalidCloudEventException("property 'data_base64' is not a base64 string");
        }

        if (hasData && dataContentType is not null && !MediaTypes.IsJson(dataContentType) && data.ValueKind != JsonValueKind.String)
        {
            throw new InvalidCloudEventException(
                $"data is {ReasonText.Describe(data.ValueKind)} but attribute 'datacontenttype' is {ReasonText.Quote(dataContentType)}, which requires string data");
        }
    }
}
