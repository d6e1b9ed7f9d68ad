using System.Diagnostics;
using Knapscen.Sagas.Kubelet;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// The project's image (deploy/Dockerfile), built by scripts/image.sh once per test run. The script caches the base
/// images and podman caches the layers, so an unchanged tree costs seconds. Tests that need it skip, saying why, only
/// when the machine has no podman.
/// </summary>
public static class ProjectImage
{
    /// <summary>What scripts/image.sh tags; the manifests' <c>knapscen-sagas:latest</c> resolves to it locally.</summary>
    public const string Name = "localhost/knapscen-sagas:latest";

    /// <summary>Where the image keeps the orchestrator; a step's command in a Job runs <c>dotnet /app/knapscen.dll step NAME</c>.</summary>
    public const string Binary = "/app/knapscen.dll";

    private static readonly Lazy<Task> Built = new(BuildAsync);

    public static string ContainersConf { get; } = Path.Combine(Stack.RepositoryRoot, "scripts", "image", "containers.conf");

    /// <summary>Null when podman is missing: the kubelet then runs no container.</summary>
    public static Podman? Podman { get; } = Podman.Executable is null ? null : new Podman(ContainersConf);

    /// <summary>Skips the calling test, with the reason in the test output, when the machine cannot run containers.</summary>
    public static Task EnsureBuiltAsync()
    {
        Skip.If(Podman is null, "podman is not installed on this machine (Debian: apt-get install podman runc debootstrap), so the image cannot be built or run");
        return Built.Value;
    }

    public static List<string> StepCommand(string step) => ["dotnet", Binary, "step", step];

    private static async Task BuildAsync()
    {
        var script = Path.Combine(Stack.RepositoryRoot, "scripts", "image.sh");
        // Generous: a machine without the cached base images makes them first (debootstrap, a NuGet restore).
        var run = await ChildProcess.RunAsync(new ProcessStartInfo("bash", [script, "build"]), TimeSpan.FromMinutes(30));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/image.sh build failed: {run.Error[Math.Max(0, run.Error.Length - 4000)..]}");
        }
    }
}
