using k8s;
using k8s.Autorest;
using k8s.Models;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.Kubelet;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.Tests.Adapters.LocalProcess;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>
/// The control plane (scripts/kube.sh up) plus one process kubelet for the whole collection. Launchers and watchers
/// under test talk through the orchestrator's kubeconfig, which is bound to exactly deploy/rbac/role.yaml.
/// </summary>
public sealed class KubeFixture : IAsyncLifetime
{
    public const string Namespace = "knapscen-jobs";

    public const string SecretName = "knapscen-test-config";

    /// <summary>Images the process kubelet knows; steps under test leave Command empty so the image decides.</summary>
    internal static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Images = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["knapscen.test/succeed:1"] = ["sh", "-c", "exit 0"],
        ["knapscen.test/fail:1"] = ["sh", "-c", "echo 'mailbox full' >&2; exit 1"],
        ["knapscen.test/sleep:1"] = ["sleep", "120"],
        ["knapscen.test/fail-first-attempt:1"] = ["sh", "-c", "if [ \"$STEP_ATTEMPT\" = 1 ]; then echo 'first attempt fails' >&2; exit 1; fi"],
        ["knapscen.test/wait-for-release:1"] = ["sh", "-c", "while [ ! -e \"$RELEASE_FILE\" ]; do sleep 0.1; done"],
        ["knapscen.test/check-env:1"] = ["sh", "-c", "test \"$GREETING\" = hello && test \"$DB_PASSWORD\" = s3cret && test -n \"$TRACEPARENT\" || { echo \"env: GREETING=$GREETING TRACEPARENT=$TRACEPARENT\" >&2; exit 2; }"],
    };

    /// <summary>Sagas whose Jobs tests launched; a test deletes them when it is done (see <see cref="DeleteJobsAsync"/>).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> LaunchedSagas = new();

    private ProcessKubelet? kubelet;

    internal KubeEnvironment Environment { get; private set; } = null!;

    internal IKubernetes Admin { get; private set; } = null!;

    internal ProcessKubelet Kubelet => kubelet ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        Environment = await KubeControlPlane.UpAsync();
        Admin = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Environment.AdminKubeconfig));
        await EnsureSecretAsync();
        // The project's image runs as a podman container; the test images, which cannot exist here, as local processes.
        kubelet = new ProcessKubelet(
            Admin, Namespace, new PodImages(Images, new HashSet<string>(StringComparer.Ordinal) { ProjectImage.Name }, ProjectImage.Podman));
    }

    public async Task DisposeAsync()
    {
        if (kubelet is not null)
        {
            await kubelet.DisposeAsync();
        }

        Admin?.Dispose();
    }

    /// <summary>A client as the orchestrator: the RBAC-limited token.</summary>
    internal KubernetesApi OrchestratorApi() =>
        new(new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Environment.OrchestratorKubeconfig)));

    internal static StepCatalogOptions Catalog(string? @namespace = null) => new()
    {
        Steps = new Dictionary<string, StepDefinition>(StringComparer.Ordinal)
        {
            ["probe"] = new()
            {
                Image = "knapscen.test/succeed:1",
                EnvFrom = [SecretName],
                Namespace = @namespace,
                Resources = new StepResources { Requests = new ResourceAmounts { Cpu = "10m", Memory = "16Mi" }, Limits = new ResourceAmounts { Memory = "64Mi" } },
            },
        },
    };

    internal KubernetesJobLauncher Launcher(KubernetesApi api, StepCatalogOptions? catalog = null, int apiAttempts = 5) =>
        new(
            api,
            Options.Create(new KubernetesLauncherOptions { ApiAttempts = apiAttempts }),
            Options.Create(catalog ?? Catalog()),
            NullLogger<KubernetesJobLauncher>.Instance,
            TimeProvider.System);

    internal KubernetesJobWatcher Watcher(KubernetesApi api, IStepResultPublisher publisher, int apiAttempts = 5) =>
        new(
            api,
            Options.Create(new KubernetesLauncherOptions { WatchTimeoutSeconds = 30, ApiAttempts = apiAttempts }),
            Options.Create(Catalog()),
            publisher,
            NullLogger<KubernetesJobWatcher>.Instance,
            TimeProvider.System);

    internal static StepLaunchRequest Request(string image, TimeSpan? timeout = null, Guid? sagaId = null, string step = "probe", int? userIndex = null)
    {
        var saga = sagaId ?? Guid.NewGuid();
        LaunchedSagas.TryAdd(saga, 0);
        return new StepLaunchRequest
        {
            SagaId = saga,
            Step = step,
            UserIndex = userIndex,
            Attempt = 1,
            LaunchId = LaunchIds.For(saga, step, userIndex, 1),
            Image = image,
            Command = [],
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GREETING"] = "hello" },
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
    }

    /// <summary>
    /// The orchestrator's settings for the Kubernetes launcher on this control plane, with the default catalog's steps
    /// as test images (<paramref name="imageOf"/> a step: one of <see cref="Images"/>) in the test namespace. Test images
    /// report no output, so later steps get the saga id for the customer id (<see cref="StepCommands.WithoutOutputs"/>).
    /// </summary>
    internal Dictionary<string, string?> OrchestratorSettings(Func<string, string> imageOf)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kubernetes:Enabled"] = "true",
            ["Kubernetes:Kubeconfig"] = Environment.OrchestratorKubeconfig,
        };
        foreach (var step in StepCommands.CatalogStepNames)
        {
            settings[$"Steps:{step}:Image"] = imageOf(step);
            settings[$"Steps:{step}:Namespace"] = Namespace;
            settings[$"Steps:{step}:EnvFrom:0"] = SecretName;
        }

        return StepCommands.WithoutOutputs(settings);
    }

    /// <summary>
    /// Deletes the Jobs (and through the garbage collector their pods) of the given sagas, or of every saga a request
    /// was made for. Only those: the namespace is shared with other test runs on the same control plane.
    /// </summary>
    internal async Task DeleteJobsAsync(params Guid[] sagaIds)
    {
        var sagas = sagaIds.Length > 0 ? sagaIds : [.. LaunchedSagas.Keys];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var sagaId in sagas)
        {
            await Admin.BatchV1.DeleteCollectionNamespacedJobAsync(
                Namespace, labelSelector: JobLabels.SagaSelector(sagaId), propagationPolicy: "Background", cancellationToken: timeout.Token);
            LaunchedSagas.TryRemove(sagaId, out _);
        }
    }

    private async Task EnsureSecretAsync()
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = SecretName, NamespaceProperty = Namespace },
            StringData = new Dictionary<string, string>(StringComparer.Ordinal) { ["DB_PASSWORD"] = "s3cret" },
        };
        try
        {
            await Admin.CoreV1.CreateNamespacedSecretAsync(secret, Namespace);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Left by an earlier run: same content.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KubeCollection : ICollectionFixture<KubeFixture>
{
    /// <summary>One collection: the tests share the control plane, and one of them restarts its API server.</summary>
    public const string Name = "Kubernetes control plane";
}
