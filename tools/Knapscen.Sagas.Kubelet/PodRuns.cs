namespace Knapscen.Sagas.Kubelet;

/// <summary>What the <see cref="ProcessKubelet"/> does with a pod it takes on.</summary>
public enum PodRuns
{
    /// <summary>Runs the container's command (or its image's mapped command) locally and reports how it ended.</summary>
    LocalProcess,

    /// <summary>Reports the pod succeeded at once: the benchmark measures the orchestrator and control plane, not a step.</summary>
    SucceedAtOnce,
}
