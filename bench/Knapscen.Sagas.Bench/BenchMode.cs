namespace Knapscen.Sagas.Bench;

internal enum BenchMode
{
    /// <summary>Steps succeed the moment they are launched: the orchestrator's own cost against a raw-MySQL baseline.</summary>
    Instant,

    /// <summary>Steps are real Jobs on the local control plane, completed by a kubelet that runs nothing.</summary>
    Kubernetes,
}
