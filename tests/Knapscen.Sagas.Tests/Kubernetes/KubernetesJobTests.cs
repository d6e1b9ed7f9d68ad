using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.Tests.Adapters.LocalProcess;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>Launcher, watcher and canceller against the real API server and Job controller, as the RBAC-limited user.</summary>
[Trait("Tier", "integration")]
[Collection(KubeCollection.Name)]
public sealed class KubernetesJobTests(KubeFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan ResultLimit = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan OutageLimit = TimeSpan.FromSeconds(180);

    private TestOrchestrator intake = null!;
    private RecordingStepResultPublisher publisher = null!;
    private readonly CancellationTokenSource stop = new();
    private KubernetesApi api = null!;
    private KubernetesJobLauncher launcher = null!;

    public async Task InitializeAsync()
    {
        // The real result publisher on real JetStream: a result reported twice (re-list, restart) must be accepted.
        intake = await TestOrchestrator.StartAsync(runOrchestrator: false);
        publisher = new RecordingStepResultPublisher(intake.Services.GetRequiredService<IStepResultPublisher>());
        api = fixture.OrchestratorApi();
        launcher = fixture.Launcher(api);
    }

    public async Task DisposeAsync()
    {
        stop.Cancel();
        stop.Dispose();
        api.Dispose();
        // The collection runs one test at a time, so every saga requested so far is this test's.
        await fixture.DeleteJobsAsync();
        await intake.DisposeAsync();
    }

    [Fact]
    public async Task A_job_whose_process_exits_0_reports_success_with_its_saga_identity()
    {
        await using var watcher = await StartWatcherAsync();
        var request = KubeFixture.Request("knapscen.test/check-env:1", userIndex: 2);

        Assert.Equal(StepLaunchOutcome.Launched, await launcher.LaunchAsync(request, CancellationToken.None));
        var result = await publisher.WaitForAsync(request.LaunchId, ResultLimit);

        Assert.True(result.Succeeded, result.Error);
        Assert.Null(result.Error);
        Assert.Equal(
            (request.SagaId, request.Step, request.UserIndex, request.Attempt, request.LaunchId),
            (result.SagaId, result.Step, result.UserIndex, result.Attempt, result.LaunchId));
        // The result continues the launch's trace, read back from the Job's annotation.
        Assert.Equal(request.TraceParent, result.TraceParent);
        var job = await fixture.Admin.BatchV1.ReadNamespacedJobAsync(request.LaunchId, KubeFixture.Namespace);
        Assert.Equal(0, job.Spec.BackoffLimit);
        Assert.Equal(60, job.Spec.ActiveDeadlineSeconds);
        Assert.Equal(300, job.Spec.TtlSecondsAfterFinished);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal(KubeFixture.SecretName, Assert.Single(container.EnvFrom).SecretRef.Name);
        Assert.Equal("10m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("64Mi", container.Resources.Limits["memory"].ToString());
    }

    [Fact]
    public async Task A_job_whose_process_exits_1_reports_failure_with_the_backoff_reason_and_exit_code()
    {
        await using var watcher = await StartWatcherAsync();
        var request = KubeFixture.Request("knapscen.test/fail:1");

        await launcher.LaunchAsync(request, CancellationToken.None);
        var result = await publisher.WaitForAsync(request.LaunchId, ResultLimit);

        Assert.False(result.Succeeded);
        Assert.Contains("BackoffLimitExceeded", result.Error, StringComparison.Ordinal);
        Assert.Contains("exited with code 1", result.Error, StringComparison.Ordinal);
        Assert.Contains("mailbox full", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_past_its_deadline_reports_a_timeout()
    {
        await using var watcher = await StartWatcherAsync();
        var request = KubeFixture.Request("knapscen.test/sleep:1", timeout: TimeSpan.FromSeconds(2));

        await launcher.LaunchAsync(request, CancellationToken.None);
        var result = await publisher.WaitForAsync(request.LaunchId, ResultLimit);

        Assert.False(result.Succeeded);
        Assert.StartsWith("timed out after 2 s", result.Error, StringComparison.Ordinal);
        Assert.Contains("DeadlineExceeded", result.Error, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Task.FromResult(!fixture.Kubelet.IsRunning(request.LaunchId)), ResultLimit, "the timed-out process to be killed");
    }

    [Fact]
    public async Task Launching_the_same_request_twice_creates_one_job()
    {
        var request = KubeFixture.Request("knapscen.test/succeed:1");

        var first = await launcher.LaunchAsync(request, CancellationToken.None);
        var second = await launcher.LaunchAsync(request, CancellationToken.None);

        Assert.Equal(StepLaunchOutcome.Launched, first);
        Assert.Equal(StepLaunchOutcome.AlreadyLaunched, second);
        var jobs = await api.Client.BatchV1.ListNamespacedJobAsync(KubeFixture.Namespace, labelSelector: JobLabels.SagaSelector(request.SagaId));
        Assert.Equal(request.LaunchId, Assert.Single(jobs.Items).Metadata.Name);
    }

    [Fact]
    public async Task The_watcher_keeps_a_completion_that_happened_while_the_api_server_was_down()
    {
        await using var watcher = await StartWatcherAsync();
        var release = Path.Combine(Path.GetTempPath(), $"knapscen-release-{Guid.NewGuid():N}");
        var request = KubeFixture.Request("knapscen.test/wait-for-release:1", timeout: OutageLimit);
        request = request with { Environment = new Dictionary<string, string>(request.Environment) { ["RELEASE_FILE"] = release } };
        await launcher.LaunchAsync(request, CancellationToken.None);
        await fixture.Kubelet.WaitForStartAsync(request.LaunchId, ResultLimit);

        // The Job controller must have seen its pod before the outage; else it waits on a pod it never saw arrive.
        await Eventually.TrueAsync(
            async () => (await fixture.Admin.BatchV1.ReadNamespacedJobAsync(request.LaunchId, KubeFixture.Namespace)).Status?.Active == 1,
            ResultLimit,
            "the Job controller to count the pod as active");

        await KubeControlPlane.StopApiServerAsync();
        try
        {
            // The step ends during the outage; its status reaches the API only once the server is back.
            await File.WriteAllTextAsync(release, "go");
            await fixture.Kubelet.WaitForExitAsync(request.LaunchId, ResultLimit);
            Assert.DoesNotContain(publisher.Published, result => result.LaunchId == request.LaunchId);
        }
        finally
        {
            await KubeControlPlane.StartApiServerAsync();
            File.Delete(release);
        }

        // After an outage the controller manager's informers reconnect with their own backoff, which grows when a
        // run restarts the API server more than once: allow for it.
        var result = await publisher.WaitForAsync(request.LaunchId, OutageLimit);
        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public async Task A_launch_while_the_api_server_is_down_is_retried_until_it_is_back()
    {
        var patient = fixture.Launcher(api, apiAttempts: 30);
        var request = KubeFixture.Request("knapscen.test/succeed:1");

        await KubeControlPlane.StopApiServerAsync();
        Task<StepLaunchOutcome> launching;
        try
        {
            launching = patient.LaunchAsync(request, CancellationToken.None);
        }
        finally
        {
            await KubeControlPlane.StartApiServerAsync();
        }

        Assert.Equal(StepLaunchOutcome.Launched, await launching.WaitAsync(ResultLimit));
        Assert.NotNull(await api.Client.BatchV1.ReadNamespacedJobAsync(request.LaunchId, KubeFixture.Namespace));
    }

    [Fact]
    public async Task A_watch_from_a_too_old_resource_version_lists_again_and_loses_nothing()
    {
        var request = KubeFixture.Request("knapscen.test/succeed:1");
        await launcher.LaunchAsync(request, CancellationToken.None);
        await Eventually.TrueAsync(
            async () => JobOutcome.IsFinished(await fixture.Admin.BatchV1.ReadNamespacedJobAsync(request.LaunchId, KubeFixture.Namespace)),
            ResultLimit,
            "the Job to finish");

        var watcher = fixture.Watcher(api, publisher);
        var following = Task.Run(() => watcher.WatchNamespaceAsync(KubeFixture.Namespace, fromResourceVersion: "1", stop.Token));
        var result = await publisher.WaitForAsync(request.LaunchId, ResultLimit);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(watcher.Relists >= 1, "the 410 answer should have led to a fresh list");
        await stop.CancelAsync();
        await following.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_result_that_could_not_be_published_is_offered_again_by_a_fresh_list()
    {
        var request = KubeFixture.Request("knapscen.test/succeed:1");
        var flaky = new FlakyPublisher(publisher, request.LaunchId, failures: 3);
        var watcher = fixture.Watcher(api, flaky, apiAttempts: 2);
        var following = Task.Run(() => watcher.WatchNamespaceAsync(KubeFixture.Namespace, fromResourceVersion: null, stop.Token));

        await launcher.LaunchAsync(request, CancellationToken.None);
        var result = await publisher.WaitForAsync(request.LaunchId, ResultLimit);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(watcher.Relists >= 1, "a failed publish should lead to a fresh list");
        await stop.CancelAsync();
        await following.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Cancelling_a_saga_deletes_its_running_jobs_and_kills_their_processes()
    {
        var sagaId = Guid.NewGuid();
        var first = KubeFixture.Request("knapscen.test/sleep:1", sagaId: sagaId, userIndex: 0);
        var second = KubeFixture.Request("knapscen.test/sleep:1", sagaId: sagaId, userIndex: 1);
        var bystander = KubeFixture.Request("knapscen.test/sleep:1");
        foreach (var request in new[] { first, second, bystander })
        {
            await launcher.LaunchAsync(request, CancellationToken.None);
            await fixture.Kubelet.WaitForStartAsync(request.LaunchId, ResultLimit);
        }

        var cancelled = await launcher.CancelSagaJobsAsync(sagaId, CancellationToken.None);

        Assert.Equal(2, cancelled);

        // Foreground deletion finishes through the garbage collector, which is slow to resync after an API server
        // restart in an earlier test.
        await Eventually.TrueAsync(
            async () => (await api.Client.BatchV1.ListNamespacedJobAsync(KubeFixture.Namespace, labelSelector: JobLabels.SagaSelector(sagaId))).Items.Count == 0,
            OutageLimit,
            "the saga's Jobs to be gone");
        await Eventually.TrueAsync(
            () => Task.FromResult(!fixture.Kubelet.IsRunning(first.LaunchId) && !fixture.Kubelet.IsRunning(second.LaunchId)),
            OutageLimit,
            "the saga's processes to be killed");
        Assert.True(fixture.Kubelet.IsRunning(bystander.LaunchId));
        Assert.Equal(1, await launcher.CancelSagaJobsAsync(bystander.SagaId, CancellationToken.None));
    }

    [Fact]
    public async Task The_orchestrator_user_is_confined_to_its_namespace_and_cannot_read_secrets()
    {
        var elsewhere = fixture.Launcher(api, KubeFixture.Catalog(@namespace: "default"));
        var request = KubeFixture.Request("knapscen.test/succeed:1");

        var refused = await Assert.ThrowsAsync<StepLaunchException>(() => elsewhere.LaunchAsync(request, CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        var secrets = await Assert.ThrowsAsync<HttpOperationException>(
            () => api.Client.CoreV1.ReadNamespacedSecretAsync(KubeFixture.SecretName, KubeFixture.Namespace));
        Assert.Equal(HttpStatusCode.Forbidden, secrets.Response.StatusCode);
        var clusterJobs = await Assert.ThrowsAsync<HttpOperationException>(() => api.Client.BatchV1.ListJobForAllNamespacesAsync());
        Assert.Equal(HttpStatusCode.Forbidden, clusterJobs.Response.StatusCode);
    }

    private async Task<RunningWatcher> StartWatcherAsync()
    {
        var watcher = fixture.Watcher(api, publisher);
        await watcher.StartAsync(CancellationToken.None);
        return new RunningWatcher(watcher);
    }

    /// <summary>Fails the first publishes of one launch's result, as a broker that is briefly away would.</summary>
    private sealed class FlakyPublisher(IStepResultPublisher inner, string launchId, int failures) : IStepResultPublisher
    {
        private int remaining = failures;

        public Task PublishAsync(StepResult result, CancellationToken cancellationToken) =>
            result.LaunchId == launchId && Interlocked.Decrement(ref remaining) >= 0
                ? Task.FromException(new InvalidOperationException("broker away"))
                : inner.PublishAsync(result, cancellationToken);
    }

    private sealed class RunningWatcher(KubernetesJobWatcher watcher) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await watcher.StopAsync(CancellationToken.None);
            watcher.Dispose();
        }
    }
}
