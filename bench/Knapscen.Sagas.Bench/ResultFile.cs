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
    };

    public static async Task<string> WriteAsync(string repositoryRoot, BenchReport report, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, report.StartedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Json) + "\n", cancellationToken).ConfigureAwait(false);
        return path;
    }
}
