namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// Every catalog step as a shell command that fails a share of its attempts (about one in ten by default) and writes
/// its launch id to a log, so a test can tell whether any attempt ran twice. Retries come after 0.2 s instead of seconds.
/// </summary>
public sealed class FlakySteps(int failuresIn256 = 26)
{
    public string LaunchLog { get; } = Path.Combine(Path.GetTempPath(), $"knapscen-launches-{Guid.NewGuid():N}.log");

    public Dictionary<string, string?> Settings()
    {
        // One byte of randomness: a value below the threshold is a failure (26 of 256 is about 10%).
        var script = $"echo \"$KNAPSCEN_LAUNCH_ID\" >> '{LaunchLog}'; [ $(od -An -N1 -tu1 /dev/urandom) -ge {failuresIn256} ] || {{ echo 'random failure' >&2; exit 1; }}";
        var settings = StepCommands.All(script);
        foreach (var step in StepCommands.CatalogStepNames)
        {
            settings[$"Steps:{step}:Environment:KNAPSCEN_LAUNCH_ID"] = "${step.launch_id}";
            settings[$"Steps:{step}:Retry:InitialDelaySeconds"] = "0.2";
            settings[$"Steps:{step}:Retry:MaxDelaySeconds"] = "0.2";
        }

        settings["Deadlines:PollIntervalMilliseconds"] = "100";
        return settings;
    }

    public IReadOnlyList<string> Launches() => File.Exists(LaunchLog) ? File.ReadAllLines(LaunchLog) : [];
}
