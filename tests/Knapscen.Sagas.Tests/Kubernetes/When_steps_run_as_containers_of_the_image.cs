using System.Text;
using k8s;
using k8s.Models;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using MySqlConnector;
using Xunit.Abstractions;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>
/// The built-in steps as a cluster runs them: every Job's pod a podman container of the project's image
/// (scripts/image.sh), with the pod spec the launcher writes (non-root user, read-only root file system, only /tmp
/// writable, no privilege escalation, no capabilities) and the step secret read from the API.
/// </summary>
[Trait("Tier", "integration")]
[Collection(KubeCollection.Name)]
public sealed class When_steps_run_as_containers_of_the_image(KubeFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan OnboardingLimit = TimeSpan.FromMinutes(6);

    [SkippableFact]
    public async Task Every_built_in_step_completes_an_onboarding_as_a_non_root_container_with_a_read_only_root()
    {
        await ProjectImage.EnsureBuiltAsync();
        output.WriteImages(fixture.Kubelet);
        var secret = NewSecretName();
        await using var orchestrator = await TestOrchestrator.StartAsync(Settings(secret));
        await CreateStepSecretAsync(secret, orchestrator.ConnectionString);
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        var saga = await orchestrator.WaitForFinalAsync(sagaId, OnboardingLimit);

        var jobs = (await fixture.Admin.BatchV1.ListNamespacedJobAsync(KubeFixture.Namespace, labelSelector: JobLabels.SagaSelector(sagaId))).Items;
        Assert.True(saga.State == "Completed", $"saga {saga.State}: {saga.LastError}; {Logs(jobs)}");
        Assert.Equal(saga.Steps.Count, jobs.Count);
        foreach (var job in jobs)
        {
            var container = Assert.Single(fixture.Kubelet.PodsOf(job.Metadata.Name)).Container;
            Assert.True(container is not null, $"Job {job.Metadata.Name} did not run as a container");
            output.WriteLine($"{job.Metadata.Name}: user {container.User}, read-only root {container.ReadOnlyRootFilesystem}, no-new-privileges {container.NoNewPrivileges}, {container.DroppedCapabilities.Count} capabilities dropped");
            Assert.Equal(ProjectImage.Name, container.Image);
            Assert.Equal("1654:1654", container.User);
            Assert.True(container.ReadOnlyRootFilesystem && container.NoNewPrivileges);
            Assert.Contains("CAP_CHOWN", container.DroppedCapabilities);
            Assert.Contains("CAP_SETUID", container.DroppedCapabilities);
        }

        // The containers did the work, over the host network, in the test's own database.
        var (customers, users, touchpoints) = await SagaLedger.CountDomainRowsAsync(orchestrator.ConnectionString);
        Assert.Equal((1, saga.Steps.Count(step => step.Step == "register-user"), 1), (customers, users, touchpoints));
        await fixture.Admin.CoreV1.DeleteNamespacedSecretAsync(secret, KubeFixture.Namespace);
        await fixture.DeleteJobsAsync(sagaId);
    }

    [SkippableFact]
    public async Task A_step_that_writes_outside_its_allowed_paths_fails_with_the_containers_message()
    {
        await ProjectImage.EnsureBuiltAsync();
        output.WriteImages(fixture.Kubelet);
        var secret = NewSecretName();
        // /tmp is the step's one writable place; the image's own folder is not. Both lines go to stderr: lines of two
        // streams written a microsecond apart reach the log in either order, and the reason is the log's last line.
        var settings = Settings(secret, new Dictionary<string, List<string>>
        {
            ["register-customer"] = ["sh", "-c", "echo \"step runs as uid $(id -u)\" >&2; touch /tmp/allowed && touch /app/written-by-step"],
        });
        settings["Steps:register-customer:Retry:MaxAttempts"] = "1";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        await CreateStepSecretAsync(secret, orchestrator.ConnectionString);
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        var saga = await orchestrator.WaitForFinalAsync(sagaId, OnboardingLimit);

        Assert.Equal("Compensated", saga.State);
        var step = Assert.Single(saga.Steps, step => step.Step == "register-customer");
        Assert.Equal("Failed", step.Status);
        Assert.Contains("container exited with code 1", step.LastError, StringComparison.Ordinal);
        Assert.Contains("touch: cannot touch '/app/written-by-step': Read-only file system", step.LastError, StringComparison.Ordinal);
        var job = (await fixture.Admin.BatchV1.ListNamespacedJobAsync(KubeFixture.Namespace, labelSelector: JobLabels.SagaSelector(sagaId))).Items.Single();
        Assert.Contains("step runs as uid 1654", fixture.Kubelet.LogsOf(job.Metadata.Name), StringComparison.Ordinal);
        await fixture.Admin.CoreV1.DeleteNamespacedSecretAsync(secret, KubeFixture.Namespace);
        await fixture.DeleteJobsAsync(sagaId);
    }

    /// <summary>The default catalog with every step from the project's image, as deploy/README.md describes.</summary>
    private Dictionary<string, string?> Settings(string secret, Dictionary<string, List<string>>? commands = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kubernetes:Enabled"] = "true",
            ["Kubernetes:Kubeconfig"] = fixture.Environment.OrchestratorKubeconfig,
        };
        foreach (var step in StepCommands.CatalogStepNames)
        {
            settings[$"Steps:{step}:Image"] = ProjectImage.Name;
            var command = commands?.GetValueOrDefault(step) ?? ProjectImage.StepCommand(step);
            for (var index = 0; index < command.Count; index++)
            {
                settings[$"Steps:{step}:Command:{index}"] = command[index];
            }

            settings[$"Steps:{step}:Namespace"] = KubeFixture.Namespace;
            settings[$"Steps:{step}:EnvFrom:0"] = secret;
        }

        return settings;
    }

    /// <summary>The steps' <c>knapscen-config</c> secret for this test's database, as an operator creates it.</summary>
    private async Task CreateStepSecretAsync(string name, string connectionString)
    {
        var database = new MySqlConnectionStringBuilder(connectionString);
        var stack = await Stack.UpAsync();
        await fixture.Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = KubeFixture.Namespace },
                StringData = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["DB_HOST"] = database.Server,
                    ["DB_PORT"] = database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["DB_USER"] = database.UserID,
                    ["DB_PASSWORD"] = database.Password,
                    ["DB_NAME"] = database.Database,
                    ["NATS_SERVER"] = stack.NatsUrl,
                },
            },
            KubeFixture.Namespace);
    }

    private static string NewSecretName() => "knapscen-config-" + Guid.NewGuid().ToString("N")[..10];

    private string Logs(IEnumerable<V1Job> jobs) =>
        string.Join("; ", jobs.Select(job => $"{job.Metadata.Name}: {fixture.Kubelet.LogsOf(job.Metadata.Name)}"));
}
