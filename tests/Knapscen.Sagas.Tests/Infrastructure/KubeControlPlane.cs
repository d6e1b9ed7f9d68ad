using System.Diagnostics;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// The project's real etcd, kube-apiserver and kube-controller-manager, started (or reused) through scripts/kube.sh once
/// per test run. The first run on a machine also builds the binaries (several minutes); later runs reuse them.
/// </summary>
public static class KubeControlPlane
{
    private static readonly Lazy<Task<KubeEnvironment>> Started = new(StartAsync);

    public static Task<KubeEnvironment> UpAsync() => Started.Value;

    /// <summary>Stops only the API server (etcd and the controller manager keep running), as an outage would.</summary>
    public static Task StopApiServerAsync() => RunAsync("stop-apiserver", TimeSpan.FromMinutes(1));

    public static Task StartApiServerAsync() => RunAsync("start-apiserver", TimeSpan.FromMinutes(2));

    private static async Task<KubeEnvironment> StartAsync()
    {
        Tiers.RefuseServersInSpecs("the Kubernetes control plane");
        // Generous: a machine without the cached binaries compiles them first.
        await RunAsync("up", TimeSpan.FromMinutes(30));
        var stateDir = Environment.GetEnvironmentVariable("KNAPSCEN_STATE_DIR") ?? Path.Combine(Stack.RepositoryRoot, ".state");
        var values = EnvFile.Parse(Path.Combine(stateDir, "kube", "kube.env"));
        return new KubeEnvironment(values["KNAPSCEN_KUBE_ADMIN_KUBECONFIG"], values["KNAPSCEN_KUBE_ORCHESTRATOR_KUBECONFIG"]);
    }

    private static async Task RunAsync(string verb, TimeSpan limit)
    {
        var script = Path.Combine(Stack.RepositoryRoot, "scripts", "kube.sh");
        var run = await ChildProcess.RunAsync(new ProcessStartInfo("bash", [script, verb]), limit);
        if (run.ExitCode != 0)
        {
            var errors = run.Error;
            throw new InvalidOperationException($"scripts/kube.sh {verb} failed: {errors[Math.Max(0, errors.Length - 4000)..]}");
        }
    }
}

/// <param name="AdminKubeconfig">Full rights: the process kubelet and test set-up use it.</param>
/// <param name="OrchestratorKubeconfig">Bound to exactly deploy/rbac/role.yaml: the launcher and watcher under test use it.</param>
public sealed record KubeEnvironment(string AdminKubeconfig, string OrchestratorKubeconfig);
