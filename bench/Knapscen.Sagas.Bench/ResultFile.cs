using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Knapscen.Sagas.Bench;

internal static class ResultFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // NaN stands for "not measured" (e.g. no latencies); JSON has no NaN literal.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Task<string> WriteAsync(string repositoryRoot, BenchReport report, CancellationToken cancellationToken) =>
        WriteAsync(repositoryRoot, report.StartedAt, null, report, cancellationToken);

    /// <param name="mode">Added to the file name of a mode other than the default one.</param>
    public static async Task<string> WriteAsync<T>(string repositoryRoot, DateTimeOffset startedAt, string? mode, T report, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(folder);
        var name = startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + (mode is null ? "" : "-" + mode);
        var path = Path.Combine(folder, name + ".json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Json) + "\n", cancellationToken).ConfigureAwait(false);
        return path;
    }
}
