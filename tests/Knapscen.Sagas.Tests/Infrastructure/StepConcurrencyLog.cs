using System.Globalization;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// Every catalog step as a shell command that writes when it starts and when it ends (nanoseconds, step, launch id) to
/// one log, so a test measures from the step processes themselves how many ran at once.
/// </summary>
public sealed class StepConcurrencyLog : IDisposable
{
    public string LogFile { get; } = Path.Combine(Path.GetTempPath(), $"knapscen-concurrency-{Guid.NewGuid():N}.log");

    /// <param name="seconds">How long each step works: long enough that launches which are allowed to overlap do.</param>
    public Dictionary<string, string?> Settings(double seconds)
    {
        var work = seconds.ToString("0.###", CultureInfo.InvariantCulture);
        // One short append per line: O_APPEND keeps concurrent writers' lines whole.
        var script = $"echo \"S $(date +%s%N) $KNAPSCEN_STEP $KNAPSCEN_LAUNCH_ID\" >> '{LogFile}'; sleep {work}; echo \"E $(date +%s%N) $KNAPSCEN_STEP $KNAPSCEN_LAUNCH_ID\" >> '{LogFile}'";
        var settings = StepCommands.All(script);
        foreach (var step in StepCommands.CatalogStepNames)
        {
            settings[$"Steps:{step}:Environment:KNAPSCEN_STEP"] = step;
            settings[$"Steps:{step}:Environment:KNAPSCEN_LAUNCH_ID"] = "${step.launch_id}";
        }

        return settings;
    }

    public IReadOnlyList<StepProcessSpan> Spans()
    {
        var starts = new Dictionary<string, (long At, string Step)>(StringComparer.Ordinal);
        var spans = new List<StepProcessSpan>();
        foreach (var line in File.Exists(LogFile) ? File.ReadAllLines(LogFile) : [])
        {
            var parts = line.Split(' ');
            var at = long.Parse(parts[1], CultureInfo.InvariantCulture);
            if (parts[0] == "S")
            {
                starts[parts[3]] = (at, parts[2]);
            }
            else if (starts.Remove(parts[3], out var start))
            {
                spans.Add(new StepProcessSpan(start.Step, parts[3], start.At, at));
            }
        }

        Assert.Empty(starts);
        return spans;
    }

    /// <summary>The most spans open at one instant; one that ends exactly when another starts does not overlap it.</summary>
    public static int MostAtOnce(IEnumerable<(long Start, long End)> spans)
    {
        var edges = spans.SelectMany(span => new[] { (At: span.Start, Change: 1), (At: span.End, Change: -1) })
            .OrderBy(edge => edge.At)
            .ThenBy(edge => edge.Change);
        int open = 0, most = 0;
        foreach (var edge in edges)
        {
            open += edge.Change;
            most = Math.Max(most, open);
        }

        return most;
    }

    public void Dispose() => File.Delete(LogFile);
}

public sealed record StepProcessSpan(string Step, string LaunchId, long Start, long End);
