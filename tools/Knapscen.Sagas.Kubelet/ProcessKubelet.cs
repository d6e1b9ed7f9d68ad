using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Models;

namespace Knapscen.Sagas.Kubelet;

/// <summary>
/// Stand-in for a kubelet in tests and the benchmark (the local control plane has none): watches the pods of one
/// namespace and runs each new one (<see cref="PodProcess"/>) as a podman container or a local process, as
/// <see cref="PodImages"/> says for its image, or with <see cref="PodRuns.SucceedAtOnce"/> reports it succeeded without
/// running anything; a deleted pod's container or process is stopped.
/// </summary>
public sealed class ProcessKubelet : IAsyncDisposable
{
    private readonly IKubernetes client;
    private readonly string @namespace;
    private readonly PodImages images;
    private readonly PodRuns runs;
    private readonly ConcurrentDictionary<string, PodProcess> pods = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> running = [];
    private readonly CancellationTokenSource shutdown = new();
    private readonly Task loop;

    /// <param name="images">Local commands standing in for images that bring no command of their own; no containers.</param>
    public ProcessKubelet(
        IKubernetes client, string @namespace, IReadOnlyDictionary<string, IReadOnlyList<string>> images, PodRuns runs = PodRuns.LocalProcess)
        : this(client, @namespace, new PodImages(images), runs)
    {
    }

    public ProcessKubelet(IKubernetes client, string @namespace, PodImages images, PodRuns runs = PodRuns.LocalProcess)
    {
        this.client = client;
        this.@namespace = @namespace;
        this.images = images;
        this.runs = runs;
        loop = Task.Run(() => FollowAsync(shutdown.Token));
    }

    /// <summary>The pod this kubelet took on for the Job, if it has seen one yet.</summary>
    public PodProcess? Find(string jobName) => pods.Values.FirstOrDefault(pod => pod.JobName == jobName);

    public PodImages Images => images;

    /// <summary>Every pod this kubelet ran for the Job.</summary>
    public IReadOnlyList<PodProcess> PodsOf(string jobName) => [.. pods.Values.Where(pod => pod.JobName == jobName)];

    /// <summary>Like <c>kubectl logs job/NAME</c>: what the Job's pod wrote.</summary>
    public string LogsOf(string jobName) => string.Join('\n', PodsOf(jobName).SelectMany(pod => pod.Log));

    public bool IsRunning(string jobName) => pods.Values.Any(pod => pod.JobName == jobName && pod.IsRunning);

    public async ValueTask DisposeAsync()
    {
        await shutdown.CancelAsync();
        await loop;
        await Task.WhenAll(running);
        shutdown.Dispose();
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var list = await client.CoreV1.ListNamespacedPodAsync(@namespace, cancellationToken: cancellationToken);
                    foreach (var pod in list.Items)
                    {
                        Handle(pod, deleted: false);
                    }

                    resourceVersion = list.Metadata.ResourceVersion;
                }

                var gone = false;
                var events = client.CoreV1.WatchListNamespacedPodAsync(
                    @namespace,
                    allowWatchBookmarks: true,
                    resourceVersion: resourceVersion,
                    timeoutSeconds: 60,
                    onError: exception => gone |= exception is KubernetesException { Status.Code: (int)HttpStatusCode.Gone },
                    cancellationToken: cancellationToken);
                await foreach (var (type, pod) in events)
                {
                    resourceVersion = pod.Metadata?.ResourceVersion ?? resourceVersion;
                    if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                    {
                        Handle(pod, type == WatchEventType.Deleted);
                    }
                }

                if (gone)
                {
                    resourceVersion = null;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // The API server is away (a test restarts it): reconnect after a pause, listing afresh.
                resourceVersion = null;
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Handle(V1Pod pod, bool deleted)
    {
        var uid = pod.Metadata.Uid;
        if (deleted || pod.Metadata.DeletionTimestamp is not null)
        {
            if (pods.TryGetValue(uid, out var doomed))
            {
                doomed.Kill();
            }

            return;
        }

        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return;
        }

        // Pending or Running without a process of ours (left by an earlier test run) both get one, once.
        var process = new PodProcess(client, pod, images);
        if (pods.TryAdd(uid, process))
        {
            running.Add(Task.Run(() => runs == PodRuns.SucceedAtOnce ? process.SucceedAsync(shutdown.Token) : process.RunAsync(shutdown.Token)));
        }
    }
}
