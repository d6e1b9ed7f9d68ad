using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>
/// One running attempt: argv passed as separate arguments (no shell, so environment values never become code or show up
/// in the process list), output copied to the launch's log file and the logger, a deadline enforced by killing the tree.
/// </summary>
internal sealed partial class StepProcess : IDisposable
{
    private const int MaxErrorLength = 1_000;

    /// <summary>A detached grandchild can hold the output pipes open after the step exits; do not wait on it forever.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly ILogger logger;
    private readonly string launchId;
    private readonly Lock outputGate = new();
    private readonly Task[] pumps;
    private string? lastErrorLine;
    private bool logClosed;

    private StepProcess(Process process, StreamWriter log, ILogger logger, string launchId)
    {
        this.process = process;
        this.log = log;
        this.logger = logger;
        this.launchId = launchId;
        process.StandardInput.Close();
        pumps =
        [
            Task.Run(() => PumpAsync(process.StandardOutput, isError: false)),
            Task.Run(() => PumpAsync(process.StandardError, isError: true)),
        ];
    }

    public int Id => process.Id;

    /// <exception cref="Win32Exception">The program could not be started (not found, not executable).</exception>
    public static StepProcess Start(
        IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, string> environment,
        string logPath,
        ILogger logger,
        string launchId)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read), Encoding.UTF8)
        {
            AutoFlush = true,
        };
        try
        {
            // Names of variables only: their values may be secrets.
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"# {DateTimeOffset.UtcNow:O} launch {launchId}: {argv[0]} (+{argv.Count - 1} args), env {string.Join(',', environment.Keys.Order(StringComparer.Ordinal))}"));
            var process = Process.Start(start) ?? throw new Win32Exception($"'{argv[0]}' did not start");
            return new StepProcess(process, log, logger, launchId);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <param name="abort">Cancelled when the orchestrator gives up waiting at shutdown: kill without a verdict.</param>
    public async Task<StepProcessExit> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken abort)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, abort);
        var killed = false;
        try
        {
            await process.WaitForExitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            killed = true;
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await DrainAsync(time).ConfigureAwait(false);
        if (killed && deadline.IsCancellationRequested)
        {
            return StepProcessExit.Failure(string.Create(CultureInfo.InvariantCulture, $"timed out after {timeout.TotalSeconds:0.###} s"));
        }

        if (killed)
        {
            return StepProcessExit.Failure("killed: the orchestrator shut down before the step finished");
        }

        if (process.ExitCode == 0)
        {
            return StepProcessExit.Success;
        }

        lock (outputGate)
        {
            return StepProcessExit.Failure(lastErrorLine ?? string.Create(CultureInfo.InvariantCulture, $"exit code {process.ExitCode}"));
        }
    }

    public void Dispose()
    {
        lock (outputGate)
        {
            logClosed = true;
            log.Dispose();
        }

        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone: nothing left to kill.
        }
    }

    private async Task DrainAsync(TimeProvider time)
    {
        try
        {
            await Task.WhenAll(pumps).WaitAsync(DrainLimit, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogDrainAbandoned(logger, launchId);
        }
    }

    private async Task PumpAsync(StreamReader reader, bool isError)
    {
        var stream = isError ? "err" : "out";
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                LogOutput(logger, launchId, stream, line);
                lock (outputGate)
                {
                    if (isError && !string.IsNullOrWhiteSpace(line))
                    {
                        var trimmed = line.Trim();
                        lastErrorLine = trimmed.Length > MaxErrorLength ? trimmed[..MaxErrorLength] : trimmed;
                    }

                    if (!logClosed)
                    {
                        log.WriteLine($"[{stream}] {line}");
                    }
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The pipe closed under us (process killed, or disposed after an abandoned drain): the output ends here.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Step {LaunchId} [{Stream}] {Line}")]
    private static partial void LogOutput(ILogger logger, string launchId, string stream, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step {LaunchId} exited but its output stayed open (a detached child?); stopped reading it")]
    private static partial void LogDrainAbandoned(ILogger logger, string launchId);
}
