using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using k8s.Models;

namespace Knapscen.Sagas.Kubelet;

/// <summary>
/// Runs a pod's container with podman as a kubelet would run it with a container runtime: the image's entrypoint
/// unless the container has a command, the pod's security context as podman flags, emptyDir volumes as tmpfs, and the
/// host's network (the local control plane's pods reach the stack on 127.0.0.1). Values of environment variables
/// travel in podman's own environment (<c>-e NAME</c>), never on a command line.
/// </summary>
/// <param name="containersConf">The project's containers.conf (runc, no default ulimits: see scripts/image/).</param>
public sealed class Podman(string containersConf)
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(1);

    /// <summary>The podman on PATH, or null when this machine has none.</summary>
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, "podman"))
        .FirstOrDefault(File.Exists);

    /// <exception cref="PodRejectedException">The security context cannot be honoured (root where non-root is required, an unsupported volume).</exception>
    public async Task<ProcessStartInfo> RunAsync(
        string name, V1PodSpec pod, V1Container container, IReadOnlyDictionary<string, string> environment, string? terminationLog, IEnumerable<string>? extraArguments = null)
    {
        var arguments = new List<string>
        {
            "run", "--name", name, "--runtime", "runc", "--ulimit", "host", "--pull=never", "--network", "host",
        };
        arguments.AddRange(await SecurityAsync(pod, container));
        arguments.AddRange(Volumes(pod, container));
        if (terminationLog is not null)
        {
            arguments.AddRange(["--volume", $"{terminationLog}:{container.TerminationMessagePath ?? "/dev/termination-log"}:rw"]);
        }

        if (!string.IsNullOrEmpty(container.WorkingDir))
        {
            arguments.AddRange(["--workdir", container.WorkingDir]);
        }

        foreach (var variable in environment.Keys)
        {
            arguments.AddRange(["--env", variable]);
        }

        arguments.AddRange(extraArguments ?? []);

        // Kubernetes: command replaces the entrypoint (and drops the image's CMD), args replace CMD. podman's
        // --entrypoint does the same.
        if (container.Command is { Count: > 0 } command)
        {
            arguments.AddRange(["--entrypoint", JsonSerializer.Serialize(command)]);
        }

        arguments.Add(container.Image);
        arguments.AddRange(container.Args ?? []);

        var start = Start(arguments);
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        return start;
    }

    /// <summary>What the runtime says the container ran as; null when it is gone.</summary>
    public async Task<ContainerFacts?> InspectAsync(string name)
    {
        var (exitCode, output) = await RunToEndAsync("container", "inspect", "--format", "json", name);
        return exitCode == 0 ? ContainerFacts.Parse(output) : null;
    }

    public Task RemoveAsync(string name) => RunToEndAsync("rm", "--force", "--ignore", name);

    /// <summary>The image's configured user, for runAsNonRoot without runAsUser.</summary>
    private async Task<string> ImageUserAsync(string image)
    {
        var (exitCode, output) = await RunToEndAsync("image", "inspect", "--format", "{{.Config.User}}", image);
        return exitCode == 0 ? output.Trim() : throw new PodRejectedException($"ErrImageNeverPull: image {image} is not present on this machine (build it: scripts/image.sh)");
    }

    private async Task<List<string>> SecurityAsync(V1PodSpec pod, V1Container container)
    {
        var podContext = pod.SecurityContext;
        var own = container.SecurityContext;
        var flags = new List<string>();
        var user = own?.RunAsUser ?? podContext?.RunAsUser;
        var group = own?.RunAsGroup ?? podContext?.RunAsGroup;
        if ((own?.RunAsNonRoot ?? podContext?.RunAsNonRoot) == true)
        {
            await RequireNonRootAsync(container.Image, user);
        }

        if (user is not null)
        {
            flags.AddRange(["--user", group is null ? Text(user.Value) : $"{Text(user.Value)}:{Text(group.Value)}"]);
        }

        foreach (var extra in (podContext?.SupplementalGroups ?? []).Append(podContext?.FsGroup).OfType<long>())
        {
            flags.AddRange(["--group-add", Text(extra)]);
        }

        if (own?.ReadOnlyRootFilesystem == true)
        {
            // Only the pod's volumes are writable, as in a cluster: no tmpfs of podman's own on /tmp, /run.
            flags.AddRange(["--read-only", "--read-only-tmpfs=false"]);
        }

        if (own?.AllowPrivilegeEscalation == false)
        {
            flags.AddRange(["--security-opt", "no-new-privileges"]);
        }

        if (own?.Privileged == true)
        {
            flags.Add("--privileged");
        }

        foreach (var capability in own?.Capabilities?.Drop ?? [])
        {
            flags.AddRange(["--cap-drop", capability.ToLowerInvariant()]);
        }

        foreach (var capability in own?.Capabilities?.Add ?? [])
        {
            flags.AddRange(["--cap-add", capability.ToLowerInvariant()]);
        }

        // RuntimeDefault is podman's default profile; Unconfined turns it off.
        if ((own?.SeccompProfile ?? podContext?.SeccompProfile)?.Type == "Unconfined")
        {
            flags.AddRange(["--security-opt", "seccomp=unconfined"]);
        }

        return flags;
    }

    private async Task RequireNonRootAsync(string image, long? user)
    {
        if (user == 0)
        {
            throw new PodRejectedException("CreateContainerConfigError: container's runAsUser breaks non-root policy");
        }

        if (user is not null)
        {
            return;
        }

        var imageUser = (await ImageUserAsync(image)).Split(':')[0];
        if (imageUser is "" or "root" or "0")
        {
            throw new PodRejectedException("CreateContainerConfigError: container has runAsNonRoot and image will run as root");
        }

        if (!long.TryParse(imageUser, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new PodRejectedException($"CreateContainerConfigError: container has runAsNonRoot and image has non-numeric user ({imageUser}), cannot verify user is non-root");
        }
    }

    private static IEnumerable<string> Volumes(V1PodSpec pod, V1Container container)
    {
        var volumes = (pod.Volumes ?? []).ToDictionary(volume => volume.Name, StringComparer.Ordinal);
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var volume) || volume.EmptyDir is null)
            {
                throw new PodRejectedException($"volume {mount.Name}: this kubelet mounts emptyDir volumes only");
            }

            // An emptyDir lives as long as the pod and is writable by any user of it, like a kubelet's.
            yield return "--tmpfs";
            yield return $"{mount.MountPath}:rw,mode=1777";
        }
    }

    private ProcessStartInfo Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Executable ?? "podman") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CONTAINERS_CONF"] = containersConf;
        return start;
    }

    private async Task<(int ExitCode, string Output)> RunToEndAsync(params string[] arguments)
    {
        using var process = Process.Start(Start(arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CommandLimit);
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
