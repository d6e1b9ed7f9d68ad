using Knapscen.Sagas.Kubelet;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>Bounded waits on what the <see cref="ProcessKubelet"/> does with a Job's pod.</summary>
internal static class KubeletWaits
{
    /// <summary>Completes when a process of the Job's pod has ended, whether or not its status reached the API yet.</summary>
    public static Task WaitForExitAsync(this ProcessKubelet kubelet, string jobName, TimeSpan timeout) =>
        Eventually.ReturnsAsync(() => Task.FromResult(kubelet.Find(jobName)), timeout, $"a process for Job {jobName}")
            .ContinueWith(found => found.Result.Exited, TaskScheduler.Default).Unwrap().WaitAsync(timeout);

    public static Task WaitForStartAsync(this ProcessKubelet kubelet, string jobName, TimeSpan timeout) =>
        Eventually.TrueAsync(() => Task.FromResult(kubelet.Find(jobName)?.IsRunning == true), timeout, $"the process of Job {jobName} to run");
}
