using System.Diagnostics;

namespace Knapscen.Sagas.Bench;

/// <summary>Runs one of the project's scripts (stack.sh, kube.sh) to start or reuse the servers the run needs.</summary>
internal static class StackScript
{
    public static async Task RunAsync(string repositoryRoot, string script, string verb, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(repositoryRoot, "scripts", script), verb])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start scripts/{script}");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/{script} {verb} failed: {await stderr.ConfigureAwait(false)}");
        }
    }

    /// <summary>Where the scripts keep their state and env files, as they decide it.</summary>
    public static string StateDirectory(string repositoryRoot) =>
        Environment.GetEnvironmentVariable("KNAPSCEN_STATE_DIR") ?? Path.Combine(repositoryRoot, ".state");
}
