using System.Text;
using k8s;
using k8s.Models;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.Tests.Deploy;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using Knapscen.Sagas.Tests.Observability;
using Xunit.Abstractions;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>
/// The rendered base as a cluster would run it: the Deployment's init container and container arguments, the
/// ConfigMap as the environment, and a token of the rendered ServiceAccount, which only the rendered Role empowers.
/// </summary>
[Trait("Tier", "e2e")]
[Collection(KubeCollection.Name)]
public sealed class When_the_orchestrator_runs_from_the_rendered_manifests(KubeFixture fixture, ITestOutputHelper output)
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

    [Fact]
    public async Task One_onboarding_completes_with_the_rendered_config_map_and_the_roles_token()
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
        Assert.Equal("Completed", saga.State);
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

    /// <summary>
    /// The Deployment's container from the project's image (scripts/image.sh), run by podman with the pod's security
    /// context (uid 1654, read-only root, /tmp an emptyDir, no privilege escalation, no capabilities) on the host's
    /// network; the ServiceAccount's token comes in a mounted kubeconfig instead of the in-cluster mount.
    /// </summary>
    [SkippableFact]
    public async Task The_deployments_container_becomes_ready_and_completes_an_onboarding()
    {
        await ProjectImage.EnsureBuiltAsync();
        output.WriteImages(fixture.Kubelet);
        var rendered = await RenderedManifests.RenderAsync("base");
        var objects = RenderedManifests.Parse(rendered);
        var configMap = RenderedConfigMap(objects);
        await RenderedRbac.ApplyAsync(rendered, fixture.Environment.AdminKubeconfig);
        var kubeconfig = await ServiceAccountKubeconfigAsync(objects);
        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await EnvironmentAsync(configMap, publisher);
        environment["Kubernetes__Kubeconfig"] = MountedKubeconfig;
        var port = FreePort();
        environment["Api__Urls"] = $"http://127.0.0.1:{port}";
        var pod = RenderedPodSpec(objects);
        var mount = new[] { "--volume", $"{kubeconfig}:{MountedKubeconfig}:ro" };
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var podman = ProjectImage.Podman!;

        try
        {
            var migrate = await PodmanRun.ToEndAsync(await podman.RunAsync($"knapscen-migrate-{suffix}", pod, Assert.Single(pod.InitContainers), environment, null, mount));
            Assert.True(migrate.ExitCode == 0, $"init container failed: {migrate.Output}");

            var container = Assert.Single(pod.Containers);
            await using var orchestrator = PodmanRun.Start(await podman.RunAsync($"knapscen-orchestrator-{suffix}", pod, container, environment, null, mount));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var readiness = Eventually.TrueAsync(
                async () => await StatusAsync(http, container.ReadinessProbe.HttpGet.Path) == System.Net.HttpStatusCode.OK,
                TimeSpan.FromSeconds(90),
                $"{container.ReadinessProbe.HttpGet.Path} of the orchestrator container");
            await readiness.ContinueWith(_ => { }, TaskScheduler.Default);
            Assert.True(readiness.IsCompletedSuccessfully, $"{readiness.Exception?.InnerException?.Message}; container output: {orchestrator.Output}");
            output.WriteLine($"orchestrator container ready {orchestrator.Elapsed.TotalSeconds:F1} s after podman run");
            Assert.Equal(System.Net.HttpStatusCode.OK, await StatusAsync(http, container.LivenessProbe.HttpGet.Path));

            var sagaId = Guid.NewGuid();
            await publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
            var saga = await publisher.WaitForFinalAsync(sagaId, TimeSpan.FromMinutes(4));
            Assert.True(saga.State == "Completed", $"saga {saga.State}; orchestrator output: {orchestrator.Output}");
            var jobs = await fixture.Admin.BatchV1.ListNamespacedJobAsync(configMap["Kubernetes__DefaultNamespace"], labelSelector: JobLabels.SagaSelector(sagaId));
            Assert.Equal(saga.Steps.Count, jobs.Items.Count);

            var facts = await podman.InspectAsync($"knapscen-orchestrator-{suffix}");
            Assert.NotNull(facts);
            Assert.Equal(("1654", true, true), (facts.User, facts.ReadOnlyRootFilesystem, facts.NoNewPrivileges));
            Assert.Contains("CAP_CHOWN", facts.DroppedCapabilities);
            // A read-only container without a home keeps data-protection keys in memory; the API needs no more.
            Assert.DoesNotContain("DataProtection", orchestrator.Output, StringComparison.Ordinal);
            await fixture.DeleteJobsAsync(sagaId);
        }
        finally
        {
            await podman.RemoveAsync($"knapscen-migrate-{suffix}");
            await podman.RemoveAsync($"knapscen-orchestrator-{suffix}");
            File.Delete(kubeconfig);
        }
    }

    [SkippableFact]
    public async Task The_deployments_container_without_its_connection_string_exits_with_one_line_naming_it()
    {
        await ProjectImage.EnsureBuiltAsync();
        var objects = RenderedManifests.Parse(await RenderedManifests.RenderAsync("base"));
        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await EnvironmentAsync(RenderedConfigMap(objects), publisher);
        // The operator's secret was not created: only what the ConfigMap says, and where the API listens.
        environment.Remove("Database__ConnectionString");
        environment["Api__Urls"] = $"http://127.0.0.1:{FreePort()}";
        var pod = RenderedPodSpec(objects);
        var name = $"knapscen-orchestrator-{Guid.NewGuid().ToString("N")[..8]}";

        try
        {
            var start = await ProjectImage.Podman!.RunAsync(name, pod, Assert.Single(pod.Containers), environment, null);
            var run = await PodmanRun.ToEndAsync(start);

            Assert.Equal(1, run.ExitCode);
            var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("Database__ConnectionString", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            await ProjectImage.Podman!.RemoveAsync(name);
        }
    }

    private const string MountedKubeconfig = "/var/run/knapscen/kubeconfig";

    private static Dictionary<string, string> RenderedConfigMap(IReadOnlyList<Dictionary<object, object>> objects) =>
        RenderedManifests.Map(RenderedManifests.Single(objects, "ConfigMap", "knapscen-orchestrator"), "data")
            .ToDictionary(pair => (string)pair.Key, pair => (string)pair.Value, StringComparer.Ordinal);

    /// <summary>The ConfigMap as rendered, except what names cluster services, plus this test's NATS, database and steps.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentAsync(Dictionary<string, string> configMap, TestOrchestrator publisher)
    {
        var environment = configMap.Where(pair => !ClusterOnlySettings.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
        foreach (var (name, value) in await publisher.ProcessEnvironmentAsync(TestImages()))
        {
            environment[name] = value;
        }

        environment["Database__ServerVersion"] = "10.11-mariadb";
        return environment;
    }

    private static V1PodSpec RenderedPodSpec(IReadOnlyList<Dictionary<object, object>> objects)
    {
        var deployment = RenderedManifests.Single(objects, "Deployment", "knapscen-orchestrator");
        return KubernetesYaml.Deserialize<V1Deployment>(new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(deployment)).Spec.Template.Spec;
    }

    /// <summary>A token of the rendered ServiceAccount, readable by the container's non-root user.</summary>
    private async Task<string> ServiceAccountKubeconfigAsync(IReadOnlyList<Dictionary<object, object>> objects)
    {
        var metadata = RenderedManifests.Map(RenderedManifests.Single(objects, "ServiceAccount", "knapscen-orchestrator"), "metadata");
        var kubeconfig = await ServiceAccountKubeconfig.WriteAsync(fixture.Admin, fixture.Environment.AdminKubeconfig, (string)metadata["namespace"], (string)metadata["name"]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return kubeconfig;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<System.Net.HttpStatusCode?> StatusAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
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
