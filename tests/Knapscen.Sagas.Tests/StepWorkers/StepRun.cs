namespace Knapscen.Sagas.Tests.StepWorkers;

/// <summary>What one step run left behind: its exit code and its stdout and stderr lines.</summary>
public sealed record StepRun(int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    public static StepRun From(int exitCode, string stdout, string stderr) => new(exitCode, Lines(stdout), Lines(stderr));

    public string Describe() => $"exit {ExitCode}; stdout [{string.Join(" | ", Stdout)}]; stderr [{string.Join(" | ", Stderr)}]";

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
