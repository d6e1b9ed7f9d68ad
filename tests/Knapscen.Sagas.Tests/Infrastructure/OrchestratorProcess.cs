using System.Collections.Concurrent;
using System.Diagnostics;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>The real <c>knapscen</c> binary run as a separate process, as an operator (or a crash) would treat it.</summary>
public sealed class OrchestratorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private OrchestratorProcess(Process process) => this.process = process;

    /// <summary>Every line the process wrote so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Output => [.. output];

    public bool HasExited => process.HasExited;

    public static string BinaryPath => Path.Combine(AppContext.BaseDirectory, "knapscen.dll");

    public static OrchestratorProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(BinaryPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A free port of its own for the admin API, so orchestrators started in parallel do not fight over 8080.
        start.Environment["Api__Urls"] = "http://127.0.0.1:0";
        // End-to-end runs use local step processes; a KUBECONFIG in the developer's shell must not send them to a cluster.
        start.Environment["Kubernetes__Enabled"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start knapscen");
        var started = new OrchestratorProcess(process);
        // Drain the pipes so a chatty process never blocks on a full buffer; keep the lines for tests that read them.
        process.OutputDataReceived += (_, line) => started.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => started.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no goodbye.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>
    /// The end of a test, passed, failed or timed out: the orchestrator goes with the step processes it started.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            ChildProcess.KillTree(process);
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
