using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Knapscen.Sagas.Kubelet;

/// <summary>
/// One pod run the way a kubelet would: its container as a podman container or its command as a local process (see
/// <see cref="PodImages"/>), with the environment Kubernetes would give it, then the outcome (exit code, termination
/// message) written to <c>pods/NAME/status</c> so the real Job controller takes it from there.
/// </summary>
public sealed class PodProcess(IKubernetes client, V1Pod pod, PodImages images)
{
    private static readonly TimeSpan PatchPatience = TimeSpan.FromMinutes(3);

    private readonly CancellationTokenSource killed = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> log = new();
    private volatile bool running;

    public string JobName { get; } = (pod.Metadata.Labels is { } labels && labels.TryGetValue("job-name", out var job) ? job : pod.Metadata.Name);

    public bool IsRunning => running;

    /// <summary>What the container wrote, stdout and stderr as the lines arrived (what <c>kubectl logs</c> would show).</summary>
    public IReadOnlyList<string> Log => [.. log];

    /// <summary>How podman ran it, for a pod run as a container that has ended; null for a local process.</summary>
    public ContainerFacts? Container { get; private set; }

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
        var containerName = images.RunsAsContainer(container.Image) ? ContainerName() : null;
        var terminationLog = containerName is null ? null : TerminationLogFile();
        ProcessStartInfo? start;
        try
        {
            var environment = await PodEnvironment.ResolveAsync(client, pod, container, shutdown);
            if (containerName is not null)
            {
                // A container of this pod left by a kubelet that died (an aborted test run) would block the name.
                await images.Podman!.RemoveAsync(containerName);
            }

            start = containerName is null
                ? LocalProcess(container, environment)
                : await images.Podman!.RunAsync(containerName, pod.Spec, container, environment, terminationLog);
        }
        catch (PodRejectedException rejected)
        {
            exited.TrySetResult();
            DeleteQuietly(terminationLog);
            await ReportAsync(PodStatusPatches.Terminated(pod, startedAt, 128, rejected.Message), shutdown);
            return;
        }

        if (start is null)
        {
            exited.TrySetResult();
            await ReportAsync(PodStatusPatches.Terminated(pod, startedAt, 127, $"no local command for image {container.Image}"), shutdown);
            return;
        }

        using var process = Process.Start(start)!;
        running = true;
        var drained = Task.WhenAll(KeepLinesAsync(process.StandardOutput), KeepLinesAsync(process.StandardError));
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
            await RemoveContainerAsync(containerName, terminationLog);
            running = false;
            exited.TrySetResult();
            return;
        }

        await drained;
        if (containerName is not null)
        {
            Container = await images.Podman!.InspectAsync(containerName);
        }

        var fileContent = terminationLog is null ? null : await File.ReadAllTextAsync(terminationLog, CancellationToken.None);
        await RemoveContainerAsync(containerName, terminationLog);
        running = false;
        exited.TrySetResult();
        var message = TerminationMessage.Of(container.TerminationMessagePolicy, process.ExitCode, fileContent, Log);
        await ReportAsync(PodStatusPatches.Terminated(pod, startedAt, process.ExitCode, message), shutdown);
    }

    private ProcessStartInfo? LocalProcess(V1Container container, Dictionary<string, string> environment)
    {
        var argv = Command(container);
        if (argv is null)
        {
            return null;
        }

        var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // A process sees the pod's environment and enough of this machine's to find its programs.
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private List<string>? Command(V1Container container)
    {
        IEnumerable<string>? command = container.Command is { Count: > 0 } own ? own
            : images.Processes.TryGetValue(container.Image, out var mapped) ? mapped
            : null;
        return command is null ? null : [.. command, .. container.Args ?? []];
    }

    /// <summary>Unique per pod (a retried Job's pods have names of their own) and a valid container name.</summary>
    private string ContainerName() => "knapscen-kubelet-" + pod.Metadata.Name;

    /// <summary>The file the container may write its termination message to; writable for any user it runs as.</summary>
    private static string TerminationLogFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"knapscen-termination-{Guid.NewGuid():N}");
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        }

        return path;
    }

    private async Task RemoveContainerAsync(string? containerName, string? terminationLog)
    {
        if (containerName is not null)
        {
            await images.Podman!.RemoveAsync(containerName);
        }

        DeleteQuietly(terminationLog);
    }

    private static void DeleteQuietly(string? path)
    {
        if (path is not null)
        {
            File.Delete(path);
        }
    }

    private async Task KeepLinesAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            log.Enqueue(line);
        }
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
}
