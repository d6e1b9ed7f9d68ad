using System.Globalization;
using System.Security.Claims;
using Knapscen.Sagas.Orchestrator.Api.Security;

namespace Knapscen.Sagas.Orchestrator.WebConsole;

/// <summary>How the console shows times, durations and states, the same on every page.</summary>
internal static class Display
{
    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(ApiRoles.Admin);

    public static string Role(ClaimsPrincipal user) => IsAdmin(user) ? ApiRoles.Admin : ApiRoles.ReadOnly;

    public static string Time(DateTimeOffset? time) =>
        time is null ? "" : time.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Iso(DateTimeOffset? time) => time?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "";

    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms",
        < 120 => $"{span.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s",
        < 7200 => $"{span.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min",
        _ => $"{span.TotalHours.ToString("F1", CultureInfo.InvariantCulture)} h",
    };

    /// <summary>The badge colour class of a saga state or step status.</summary>
    public static string Tone(string? state) => state switch
    {
        "Completed" or "Succeeded" or "Compensated" => "ok",
        "NeedsAttention" or "Failed" => "bad",
        "Compensating" or "TimedOut" or "CannotUndo" => "warn",
        "Cancelled" or "Abandoned" => "off",
        _ => "run",
    };

    /// <summary>JSON indented for reading; text that is not JSON is shown as it is.</summary>
    public static string Json(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return System.Text.Json.JsonSerializer.Serialize(document.RootElement, IndentedJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Percent(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "%";
}
