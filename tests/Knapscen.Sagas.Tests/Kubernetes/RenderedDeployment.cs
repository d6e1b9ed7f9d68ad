using System.Text;
using k8s;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.Tests.Deploy;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using Knapscen.Sagas.Tests.Observability;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>
/// The rendered base as a cluster would run it: the Deployment's init container and container arguments, the
/// ConfigMap and the operator's secret as the environment, and a token of the rendered ServiceAccount, which only the
/// rendered Role empowers. Shared by the manifest test and the test that follows docs/deploy.md.
/// </summary>
internal static class RenderedDeployment
{
    /// <summary>
    /// ConfigMap entries that name things only a cluster has, with what stands in for them here. Every other entry is
    /// used as rendered; a new entry the test does not know fails it, so this list stays honest.
    /// </summary>
    private static readonly IReadOnlySet<string> ClusterOnlySettings = new HashSet<string>(StringComparer.Ordinal)
    {
        "Nats__Url", // the NATS Service's DNS name: the test's NATS instead
        "Database__ServerVersion", // MySQL 8 in a cluster; MariaDB stands in locally
        "Api__Urls", // 0.0.0.0:8080 in a pod; tests bind loopback only, on a free port
        "OTEL_EXPORTER_OTLP_ENDPOINT", // the Jaeger Service's DNS name: a loopback OTLP receiver stands in for Jaeger
    };

    private static readonly IReadOnlySet<string> UsedAsRendered = new HashSet<string>(StringComparer.Ordinal)
    {
        "Nats__ConsumerName",
        "Nats__User", // the test's NATS has no authorization: a user name without a password is accepted
        "Database__MigrateOnStart",
        "Kubernetes__Enabled",
        "Kubernetes__DefaultNamespace",
        "Logging__Format",
        "OTEL_SERVICE_NAME",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_METRICS_EXPORTER",
    };

    /// <summary>Keys of the operator's knapscen-orchestrator secret whose values name the cluster's servers.</summary>
    private static readonly IReadOnlySet<string> ClusterOnlySecrets = new HashSet<string>(StringComparer.Ordinal)
    {
        "Database__ConnectionString", // the in-cluster MySQL: the test's database instead
        "Nats__Password", // the in-cluster NATS user's: the test's NATS has no authorization
    };

    /// <param name="secret">The knapscen-orchestrator secret as the operator created it; API tokens are used as they are.</param>
    public static async Task CompleteOneOnboardingAsync(KubeFixture fixture, IReadOnlyDictionary<string, string> secret)
    {
        var rendered = await RenderedManifests.RenderAsync("base");
        var objects = RenderedManifests.Parse(rendered);
        var configMap = RenderedConfigMap(objects);
        Assert.Equal(ClusterOnlySettings.Union(UsedAsRendered).Order(), configMap.Keys.Order());

        await RenderedRbac.ApplyAsync(rendered, fixture.Environment.AdminKubeconfig);
        var serviceAccount = RenderedManifests.Single(objects, "ServiceAccount", "knapscen-orchestrator");
        var kubeconfig = await ServiceAccountKubeconfig.WriteAsync(
            fixture.Admin,
            fixture.Environment.AdminKubeconfig,
            (string)RenderedManifests.Map(serviceAccount, "metadata")["namespace"],
            (string)RenderedManifests.Map(serviceAccount, "metadata")["name"]);

        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await EnvironmentAsync(configMap, publisher);
        foreach (var (key, value) in secret)
        {
            if (ClusterOnlySecrets.Contains(key))
            {
                continue;
            }

            Assert.True(key.StartsWith("Api__Tokens__", StringComparison.Ordinal), $"the secret's key {key} is unknown to this test: say what stands in for it here");
            environment[key] = value;
        }

        await using var jaeger = OtlpReceiver.Start();
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = jaeger.Endpoint;
        // Short enough that a metrics push, had the ConfigMap not turned it off, would reach the receiver during the run.
        environment["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        // In a pod the client reads the mounted ServiceAccount token; the kubeconfig carries a token of the same account.
        environment["Kubernetes__Kubeconfig"] = kubeconfig;

        var deployment = RenderedManifests.Single(objects, "Deployment", "knapscen-orchestrator");
        var podSpec = RenderedManifests.Map(RenderedManifests.Map(RenderedManifests.Map(deployment, "spec"), "template"), "spec");
        var migrate = await Cli.RunAsync(environment, ContainerArguments(podSpec, "initContainers"));
        Assert.True(migrate.ExitCode == 0, $"init container failed: {migrate.Error}");

        await using var orchestrator = OrchestratorProcess.Start(environment, ContainerArguments(podSpec, "containers"));
        var sagaId = Guid.NewGuid();
        await publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));

        var saga = await publisher.WaitForFinalAsync(sagaId, TimeSpan.FromMinutes(4));
        Assert.True(saga.State == "Completed", $"saga {saga.State}; orchestrator output: {string.Join('\n', orchestrator.Output.TakeLast(30))}");
        var jobs = await fixture.Admin.BatchV1.ListNamespacedJobAsync(configMap["Kubernetes__DefaultNamespace"], labelSelector: JobLabels.SagaSelector(sagaId));
        Assert.Equal(saga.Steps.Count, jobs.Items.Count);
        Assert.All(jobs.Items, job => Assert.Contains(job.Status.Conditions, condition => condition is { Type: "Complete", Status: "True" }));

        // The ConfigMap's OTLP settings reach the collector: the onboarding's trace, named as the ConfigMap says, with
        // each Job's create request (HttpClient) inside the launch span of its step.
        var traceId = SagaTrace.TraceIdOf(await SagaTrace.StoredTraceParentAsync(publisher.ConnectionString, sagaId) ?? "none stored");
        var trace = await Eventually.ReturnsAsync(
            () => Task.FromResult(SagaTrace.Of(jaeger.Spans, traceId) is var seen && seen.Named("publish").Any() ? seen : null),
            TimeSpan.FromSeconds(60),
            "the onboarding's trace at the collector");
        Assert.All(trace.Spans, span => Assert.Equal(configMap["OTEL_SERVICE_NAME"], span.ServiceName));
        var launches = trace.Named("launch ").ToList();
        Assert.Equal(jobs.Items.Count, launches.Count);
        Assert.All(launches, launch => Assert.Contains(trace.ChildrenOf(launch), child => child.Kind == ExportedSpanKind.Client && child.Tag("http.request.method") == "POST"));
        // Jaeger has no metrics endpoint: the ConfigMap leaves metrics to Prometheus' scrape.
        Assert.Empty(jaeger.MetricExports);
        await fixture.DeleteJobsAsync(sagaId);
        File.Delete(kubeconfig);
    }

    public static Dictionary<string, string> RenderedConfigMap(IReadOnlyList<Dictionary<object, object>> objects) =>
        RenderedManifests.Map(RenderedManifests.Single(objects, "ConfigMap", "knapscen-orchestrator"), "data")
            .ToDictionary(pair => (string)pair.Key, pair => (string)pair.Value, StringComparer.Ordinal);

    /// <summary>The ConfigMap as rendered, except what names cluster services, plus this test's NATS, database and steps.</summary>
    public static async Task<Dictionary<string, string>> EnvironmentAsync(Dictionary<string, string> configMap, TestOrchestrator publisher)
    {
        var environment = configMap.Where(pair => !ClusterOnlySettings.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
        foreach (var (name, value) in await publisher.ProcessEnvironmentAsync(TestImages()))
        {
            environment[name] = value;
        }

        environment["Database__ServerVersion"] = "10.11-mariadb";
        return environment;
    }

    /// <summary>The process kubelet runs only test images, so every step's image is one that succeeds.</summary>
    private static Dictionary<string, string?> TestImages()
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var step in StepCommands.CatalogStepNames)
        {
            settings[$"Steps:{step}:Image"] = "knapscen.test/succeed:1";
            settings[$"Steps:{step}:EnvFrom:0"] = KubeFixture.SecretName;
        }

        return StepCommands.WithoutOutputs(settings);
    }

    private static string[] ContainerArguments(Dictionary<object, object> podSpec, string containers) =>
        [.. RenderedManifests.List((Dictionary<object, object>)Assert.Single(RenderedManifests.List(podSpec, containers)), "args").Cast<string>()];
}
