using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// The local control plane (scripts/kube.sh up) and a namespace of the benchmark's own, so its kubelet, which completes
/// every pod at once, never touches the pods of tests running beside it in <c>knapscen-jobs</c>. The orchestrator's
/// RBAC-limited identity gets there exactly the Role of deploy/rbac, as in a cluster.
/// </summary>
internal sealed class BenchCluster : IDisposable
{
    public const string Namespace = "knapscen-bench";

    private const int DeletePageSize = 500;

    // 100,000 Jobs; a run leaves about ten per onboarding.
    private const int MaxDeletePages = 200;

    private static readonly TimeSpan RbacPatience = TimeSpan.FromSeconds(60);

    private BenchCluster(IKubernetes admin, string orchestratorKubeconfig)
    {
        Admin = admin;
        OrchestratorKubeconfig = orchestratorKubeconfig;
    }

    /// <summary>Full rights: the kubelet and the clean-up use it, never the orchestrator.</summary>
    public IKubernetes Admin { get; }

    public string OrchestratorKubeconfig { get; }

    public static async Task<BenchCluster> UpAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        await StackScript.RunAsync(repositoryRoot, "kube.sh", "up", cancellationToken).ConfigureAwait(false);
        var values = StackEnvFile.Read(Path.Combine(StackScript.StateDirectory(repositoryRoot), "kube", "kube.env"));
        var admin = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(values["KNAPSCEN_KUBE_ADMIN_KUBECONFIG"]));
        var cluster = new BenchCluster(admin, values["KNAPSCEN_KUBE_ORCHESTRATOR_KUBECONFIG"]);
        try
        {
            await cluster.ProvisionAsync(repositoryRoot, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        return cluster;
    }

    /// <summary>
    /// Deletes the benchmark's Jobs and their pods. Also run first: Jobs left by an aborted run would otherwise be
    /// reported by the watcher's first list as results of sagas this run does not know.
    /// </summary>
    public async Task DeleteJobsAsync(CancellationToken cancellationToken)
    {
        // In pages: one delete of the 3,000 Jobs of a 300-onboarding run ran past the API server's storage deadline
        // (500, DeadlineExceeded) and left them all.
        await DeleteInPagesAsync(
            "Jobs",
            token => Admin.BatchV1.DeleteCollectionNamespacedJobAsync(
                Namespace, labelSelector: JobLabels.ManagedSelector, limit: DeletePageSize, propagationPolicy: "Background", cancellationToken: token),
            async token => (await Admin.BatchV1.ListNamespacedJobAsync(Namespace, labelSelector: JobLabels.ManagedSelector, limit: 1, cancellationToken: token).ConfigureAwait(false)).Items.Count > 0,
            cancellationToken).ConfigureAwait(false);

        // The garbage collector would follow; the pods were never scheduled, so deleting them now is immediate.
        await DeleteInPagesAsync(
            "pods",
            token => Admin.CoreV1.DeleteCollectionNamespacedPodAsync(Namespace, labelSelector: JobLabels.ManagedSelector, limit: DeletePageSize, cancellationToken: token),
            async token => (await Admin.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: JobLabels.ManagedSelector, limit: 1, cancellationToken: token).ConfigureAwait(false)).Items.Count > 0,
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task DeleteInPagesAsync(string what, Func<CancellationToken, Task> deletePage, Func<CancellationToken, Task<bool>> anyLeft, CancellationToken cancellationToken)
    {
        for (var page = 0; page < MaxDeletePages; page++)
        {
            await deletePage(cancellationToken).ConfigureAwait(false);
            if (!await anyLeft(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new InvalidOperationException($"{what} are still left in {Namespace} after {MaxDeletePages} deletes of {DeletePageSize}.");
    }

    /// <summary>
    /// Creation to completionTime of each finished Job, as the API server recorded them (whole seconds): the control
    /// plane's and the kubelet's share of a launch, without the orchestrator's watch.
    /// </summary>
    public async Task<IReadOnlyList<double>> ServerCompletionSecondsAsync(CancellationToken cancellationToken)
    {
        var jobs = await Admin.BatchV1.ListNamespacedJobAsync(Namespace, labelSelector: JobLabels.ManagedSelector, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return
        [
            .. jobs.Items
                .Where(job => job.Status?.CompletionTime is not null && job.Metadata.CreationTimestamp is not null)
                .Select(job => (job.Status.CompletionTime!.Value - job.Metadata.CreationTimestamp!.Value).TotalSeconds),
        ];
    }

    public void Dispose() => Admin.Dispose();

    private async Task ProvisionAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        await CreateOrKeepAsync(
            () => Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        var rbac = Path.Combine(repositoryRoot, "deploy", "rbac");
        var role = await KubernetesYaml.LoadFromFileAsync<V1Role>(Path.Combine(rbac, "role.yaml")).ConfigureAwait(false);
        role.Metadata.NamespaceProperty = Namespace;
        await CreateOrKeepAsync(() => Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, Namespace, cancellationToken: cancellationToken))
            .ConfigureAwait(false);

        // The subject stays the orchestrator's ServiceAccount (deploy/rbac): the identity of its kubeconfig. Replaced,
        // not kept, so a binding from an earlier layout of that file does not outlive it.
        var binding = await KubernetesYaml.LoadFromFileAsync<V1RoleBinding>(Path.Combine(rbac, "rolebinding.yaml")).ConfigureAwait(false);
        binding.Metadata.NamespaceProperty = Namespace;
        await CreateOrKeepAsync(() => Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, Namespace, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        await Admin.RbacAuthorizationV1.ReplaceNamespacedRoleBindingAsync(binding, binding.Metadata.Name, Namespace, cancellationToken: cancellationToken)
            .ConfigureAwait(false);

        await WaitUntilOrchestratorMayCreateJobsAsync(cancellationToken).ConfigureAwait(false);
        await DeleteJobsAsync(cancellationToken).ConfigureAwait(false);
    }

    // A new binding reaches the API server's authorizer cache a moment later; until then the launcher would get 403.
    private async Task WaitUntilOrchestratorMayCreateJobsAsync(CancellationToken cancellationToken)
    {
        using var orchestrator = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(OrchestratorKubeconfig));
        var review = new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec
            {
                ResourceAttributes = new V1ResourceAttributes { Group = "batch", Resource = "jobs", Verb = "create", NamespaceProperty = Namespace },
            },
        };
        var deadline = DateTime.UtcNow + RbacPatience;
        while (true)
        {
            var answer = await orchestrator.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (answer.Status.Allowed)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the orchestrator's kubeconfig still may not create Jobs in {Namespace} after {RbacPatience.TotalSeconds:F0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CreateOrKeepAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create().ConfigureAwait(false);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Made by an earlier run from the same files.
        }
    }
}
