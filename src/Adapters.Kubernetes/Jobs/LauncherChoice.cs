namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// Which launcher runs steps, and why. Only explicit signs of a cluster count (a configured kubeconfig, KUBECONFIG, or a
/// pod's service account): a stray ~/.kube/config on a developer machine must not send demo steps to some cluster.
/// </summary>
internal sealed record LauncherChoice(bool UseKubernetes, string? KubeconfigPath, string Reason)
{
    public static LauncherChoice Decide(KubernetesLauncherOptions options, Func<string, string?> environment, bool inCluster)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return new LauncherChoice(false, null, "Kubernetes:Enabled is false");
        }

        if (!string.IsNullOrWhiteSpace(options.Kubeconfig))
        {
            return new LauncherChoice(true, options.Kubeconfig, $"Kubernetes:Kubeconfig is set ({options.Kubeconfig})");
        }

        if (environment("KUBECONFIG") is { Length: > 0 } variable)
        {
            var first = variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault();
            if (first is not null)
            {
                return new LauncherChoice(true, first, $"KUBECONFIG is set ({first})");
            }
        }

        return inCluster
            ? new LauncherChoice(true, null, "running in a pod with a service account (in-cluster configuration)")
            : new LauncherChoice(false, null, "no kubeconfig configured (Kubernetes:Kubeconfig, KUBECONFIG) and not running in a cluster");
    }
}
