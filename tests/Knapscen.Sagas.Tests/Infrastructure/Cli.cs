using System.Diagnostics;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Runs the real <c>knapscen</c> binary to completion, as an operator at a terminal would.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(OrchestratorProcess.BinaryPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            // An empty value removes a variable the test process would hand down, e.g. to prove the CLI runs without it.
            if (value.Length == 0)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        // A wide virtual terminal keeps table cells on one line.
        start.Environment["COLUMNS"] = "240";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start knapscen");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
