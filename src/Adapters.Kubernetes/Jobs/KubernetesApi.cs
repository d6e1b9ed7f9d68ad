using k8s;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// The one API client the launcher, watcher and canceller share. Wrapped so the orchestrator's registration never
/// collides with an <see cref="IKubernetes"/> some other component registers for its own cluster.
/// </summary>
internal sealed class KubernetesApi(IKubernetes client) : IDisposable
{
    public IKubernetes Client { get; } = client;

    public void Dispose() => Client.Dispose();
}
