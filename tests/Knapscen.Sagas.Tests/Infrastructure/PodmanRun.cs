using System.Collections.Concurrent;
using System.Diagnostics;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>A <c>podman run</c> in the foreground: the container's output is the process's, its exit code too.</summary>
public sealed class PodmanRun : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly Stopwatch started = Stopwatch.StartNew();

    private PodmanRun(Process process) => this.process = process;

    public TimeSpan Elapsed => started.Elapsed;

    /// <summary>Every line so far, stdout and stderr as they arrived.</summary>
    public string Output => string.Join('\n', lines);

    public static PodmanRun Start(ProcessStartInfo start)
    {
        var run = new PodmanRun(Process.Start(start) ?? throw new InvalidOperationException("could not start podman"));
        run.process.OutputDataReceived += (_, line) => run.Keep(line.Data);
        run.process.ErrorDataReceived += (_, line) => run.Keep(line.Data);
        run.process.BeginOutputReadLine();
        run.process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Runs a container that ends by itself (an init container, a refused start), within two minutes.</summary>
    public static Task<ChildProcess.Result> ToEndAsync(ProcessStartInfo start) => ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2));

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    /// <summary>Stops the podman client; the container itself is removed by name (podman rm --force).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }

        process.Dispose();
    }
}
