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
    [Fact]
    public Task One_onboarding_completes_with_the_rendered_config_map_and_the_roles_token() =>
        RenderedDeployment.CompleteOneOnboardingAsync(fixture, new Dictionary<string, string>());

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
        var configMap = RenderedDeployment.RenderedConfigMap(objects);
        await RenderedRbac.ApplyAsync(rendered, fixture.Environment.AdminKubeconfig);
        var kubeconfig = await ServiceAccountKubeconfigAsync(objects);
        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await RenderedDeployment.EnvironmentAsync(configMap, publisher);
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
        var environment = await RenderedDeployment.EnvironmentAsync(RenderedDeployment.RenderedConfigMap(objects), publisher);
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
}
