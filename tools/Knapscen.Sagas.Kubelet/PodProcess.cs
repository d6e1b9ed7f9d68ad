using System.Diagnostics;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Knapscen.Sagas.Kubelet;

/// <summary>
/// One pod run the way a kubelet would: its container's command as a local process with the container's environment,
/// then the outcome written to <c>pods/NAME/status</c> so the real Job controller takes it from there.
/// </summary>
public sealed class PodProcess(IKubernetes client, V1Pod pod, IReadOnlyDictionary<string, IReadOnlyList<string>> images)
{
    private static readonly TimeSpan PatchPatience = TimeSpan.FromMinutes(3);

    private readonly CancellationTokenSource killed = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool running;

    public string JobName { get; } = (pod.Metadata.Labels is { } labels && labels.TryGetValue("job-name", out var job) ? job : pod.Metadata.Name);

    public bool IsRunning => running;

    /// <summary>Completes when the local process has ended (or never started), before the status is reported.</summary>
    public Task Exited => exited.Task;

    public void Kill() => killed.Cancel();

    /// <summary>Reports the pod succeeded without running anything, so only the control plane's own path is measured.</summary>
    public async Task SucceedAsync(CancellationToken shutdown)
    {
        exited.TrySetResult();
        await ReportAsync(PodStatusPatches.Terminated(pod, DateTimeOffset.UtcNow, 0, null), shutdown);
    }

    public async Task RunAsync(CancellationToken shutdown)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var container = PodStatusPatches.Container(pod);
        var argv = Command(container);
        if (argv is null)
        {
            exited.TrySetResult();
            await ReportAsync(PodStatusPatches.Terminated(pod, startedAt, 127, $"no local command for image {container.Image}"), shutdown);
            return;
        }

        var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in await EnvironmentAsync(container, shutdown))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        running = true;
        var lastError = ReadLastLineAsync(process.StandardError);
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        await ReportAsync(PodStatusPatches.Running(pod, startedAt), shutdown, untilExitOf: process);

        using var either = CancellationTokenSource.CreateLinkedTokenSource(killed.Token, shutdown);
        try
        {
            await process.WaitForExitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            // The pod was deleted (or the tests end): like a kubelet, stop the container and report nothing.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            running = false;
            exited.TrySetResult();
            return;
        }

        running = false;
        exited.TrySetResult();
        var message = await lastError;
        await ReportAsync(PodStatusPatches.Terminated(pod, startedAt, process.ExitCode, message), shutdown);
    }

    private List<string>? Command(V1Container container)
    {
        IEnumerable<string>? command = container.Command is { Count: > 0 } own ? own
            : images.TryGetValue(container.Image, out var mapped) ? mapped
            : null;
        return command is null ? null : [.. command, .. container.Args ?? []];
    }

    private async Task<Dictionary<string, string>> EnvironmentAsync(V1Container container, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "PATH", "HOME" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.SecretRef is { Name: { } secretName })
            {
                var secret = await client.CoreV1.ReadNamespacedSecretAsync(secretName, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
                foreach (var (key, bytes) in secret.Data ?? new Dictionary<string, byte[]>())
                {
                    environment[key] = Encoding.UTF8.GetString(bytes);
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            if (variable.Value is not null)
            {
                environment[variable.Name] = variable.Value;
            }
        }

        return environment;
    }

    /// <summary>Retries through API server outages; a pod that is gone needs no status any more.</summary>
    private async Task ReportAsync(V1Patch patch, CancellationToken shutdown, Process? untilExitOf = null)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        patience.CancelAfter(PatchPatience);
        while (!patience.IsCancellationRequested && untilExitOf?.HasExited != true)
        {
            try
            {
                await client.CoreV1.PatchNamespacedPodStatusAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: patience.Token);
                return;
            }
            catch (HttpOperationException exception) when (exception.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Connection refused while the API server is down: try again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<string?> ReadLastLineAsync(StreamReader reader)
    {
        string? last = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                last = line.Trim();
            }
        }

        return last;
    }
}
