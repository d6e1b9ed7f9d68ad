using System.Text.Json;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>
/// Typed reads of event data fields whose failures name the full path (e.g. <c>data.users[1].email</c>).
/// Fields not asked for are never looked at, which is how unknown extra fields are tolerated.
/// </summary>
internal static class JsonFields
{
    public static string RequiredString(JsonElement parent, string path, string name, int maxLength = int.MaxValue)
    {
        var fieldPath = $"{path}.{name}";
        var value = Required(parent, fieldPath, name);
        return CheckedString(value, fieldPath, maxLength);
    }

    public static string? OptionalString(JsonElement parent, string path, string name)
    {
        var fieldPath = $"{path}.{name}";
        return parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? CheckedString(value, fieldPath, int.MaxValue)
            : null;
    }

    public static int RequiredInteger(JsonElement parent, string path, string name, int minimum)
    {
        var fieldPath = $"{path}.{name}";
        return CheckedInteger(Required(parent, fieldPath, name), fieldPath, minimum);
    }

    public static int? OptionalInteger(JsonElement parent, string path, string name, int minimum)
    {
        var fieldPath = $"{path}.{name}";
        return parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? CheckedInteger(value, fieldPath, minimum)
            : null;
    }

    public static JsonElement RequiredArray(JsonElement parent, string path, string name)
    {
        var fieldPath = $"{path}.{name}";
        var value = Required(parent, fieldPath, name);
        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw new InvalidCloudEventException($"{fieldPath} is {ReasonText.Describe(value.ValueKind)}; it must be an array");
    }

    private static JsonElement Required(JsonElement parent, string fieldPath, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new InvalidCloudEventException($"{fieldPath} is missing");

    private static string CheckedString(JsonElement value, string fieldPath, int maxLength)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidCloudEventException($"{fieldPath} is {ReasonText.Describe(value.ValueKind)}; it must be a string");
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidCloudEventException($"{fieldPath} is {(text.Length == 0 ? "empty" : "blank")}");
        }

        // Limits count characters (code points), as the MySQL columns these values land in do.
        var length = text.EnumerateRunes().Count();
        return length <= maxLength
            ? text
            : throw new InvalidCloudEventException($"{fieldPath} is {length} characters; the limit is {maxLength}");
    }

    private static int CheckedInteger(JsonElement value, string fieldPath, int minimum)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            var kind = value.ValueKind == JsonValueKind.Number ? "a non-integer or out-of-range number" : ReasonText.Describe(value.ValueKind);
            throw new InvalidCloudEventException($"{fieldPath} is {kind}; it must be an integer");
        }

        return number >= minimum
            ? number
            : throw new InvalidCloudEventException($"{fieldPath} is {number}; it must be at least {minimum}");
    }
}
