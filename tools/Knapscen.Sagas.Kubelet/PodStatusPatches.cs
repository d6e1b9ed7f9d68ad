using System.Text.Json;
using k8s.Models;

namespace Knapscen.Sagas.Kubelet;

/// <summary>The status a kubelet reports for a pod's single container: running, then terminated with an exit code.</summary>
internal static class PodStatusPatches
{
    public static V1Patch Running(V1Pod pod, DateTimeOffset startedAt) => Patch(new
    {
        status = new
        {
            phase = "Running",
            startTime = Time(startedAt),
            containerStatuses = new[]
            {
                new
                {
                    name = Container(pod).Name,
                    image = Container(pod).Image,
                    imageID = "",
                    ready = true,
                    restartCount = 0,
                    state = new { running = new { startedAt = Time(startedAt) } },
                },
            },
        },
    });

    public static V1Patch Terminated(V1Pod pod, DateTimeOffset startedAt, int exitCode, string? message)
    {
        var succeeded = exitCode == 0;
        return Patch(new
        {
            status = new
            {
                phase = succeeded ? "Succeeded" : "Failed",
                startTime = Time(startedAt),
                containerStatuses = new[]
                {
                    new
                    {
                        name = Container(pod).Name,
                        image = Container(pod).Image,
                        imageID = "",
                        ready = false,
                        restartCount = 0,
                        state = new
                        {
                            terminated = new
                            {
                                exitCode,
                                reason = succeeded ? "Completed" : "Error",
                                message,
                                startedAt = Time(startedAt),
                                finishedAt = Time(DateTimeOffset.UtcNow),
                            },
                        },
                    },
                },
            },
        });
    }

    public static V1Container Container(V1Pod pod) => pod.Spec.Containers[0];

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static V1Patch Patch(object body) => new(JsonSerializer.Serialize(body), V1Patch.PatchType.MergePatch);
}
