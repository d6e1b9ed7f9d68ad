using System.Diagnostics;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// Runs a helper process to its end within a limit. One that outlives the limit is killed with every process it
/// started (a step, a kubelet's pod), so a timed-out test leaves nothing running behind it.
/// </summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <exception cref="TimeoutException">The process did not end within <paramref name="limit"/>; it and its children were killed.</exception>
    public static async Task<Result> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            throw new TimeoutException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} did not end within {limit.TotalSeconds:0} s and was killed with its children; " +
                $"it wrote: {await output} {await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>The process and its descendants; waits (bounded) until the process itself is gone.</summary>
    public static void KillTree(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Ended on its own meanwhile.
        }

        process.WaitForExit(TimeSpan.FromSeconds(30));
    }
}
