using System.Globalization;
using k8s;
using k8s.Models;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// The Job's own Failed condition only says that the backoff limit was hit; how the container ended (exit code,
/// termination message) is on its pod, which may already be gone. Best effort: null when it cannot be told.
/// </summary>
internal static class PodFailureReader
{
    private const int MaxMessageLength = 500;

    public static async Task<string?> ReadAsync(IKubernetes client, string @namespace, string jobName, CancellationToken cancellationToken)
    {
        V1PodList pods;
        try
        {
            // job-name is set by every Job controller version, old and new.
            pods = await client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: "job-name=" + jobName, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return pods.Items
            .Where(pod => pod.Status?.Phase == "Failed")
            .Select(Describe)
            .FirstOrDefault(text => text is not null);
    }

    internal static string? Describe(V1Pod pod)
    {
        var terminated = pod.Status?.ContainerStatuses?
            .Where(status => status.Name == JobFactory.ContainerName)
            .Select(status => status.State?.Terminated)
            .FirstOrDefault(state => state is not null);
        if (terminated is null)
        {
            return string.IsNullOrEmpty(pod.Status?.Reason) ? null : $"pod {pod.Status.Reason}: {pod.Status.Message}".TrimEnd(' ', ':');
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"container exited with code {terminated.ExitCode}");
        if (!string.IsNullOrEmpty(terminated.Reason))
        {
            text += $" ({terminated.Reason})";
        }

        // With FallbackToLogsOnError the message is the log's tail; a step's reason is its last line.
        var message = terminated.Message?.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.Length > 0);
        if (message is not null)
        {
            text += ": " + (message.Length > MaxMessageLength ? message[..MaxMessageLength] : message);
        }

        return text;
    }
}
