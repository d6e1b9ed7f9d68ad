using System.Text.Json;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>Shared wording for failure reasons, so every reason quotes values and names JSON kinds the same way.</summary>
internal static class ReasonText
{
    private const int MaxQuotedLength = 64;

    // Values are clipped: a reason is logged and stored, and an oversized attribute must not flood either.
    public static string Quote(string value) =>
        value.Length <= MaxQuotedLength ? $"'{value}'" : $"'{value[..MaxQuotedLength]}…'";

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "absent",
    };

    /// <summary>The SDK wraps the useful detail (e.g. "Invalid timestamp") in a generic outer message.</summary>
    public static string Detail(Exception exception) =>
        (exception.InnerException?.Message ?? exception.Message).TrimEnd('.');
}
