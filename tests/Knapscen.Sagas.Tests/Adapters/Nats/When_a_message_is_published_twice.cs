using k8s;
using k8s.Models;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

/// <summary>
/// Every publish with a Nats-Msg-Id, on the real JetStream: the server's "duplicate" answer to a second publish is
/// success (the message is stored), never an exception that a caller retries or reports as lost.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_a_message_is_published_twice : IAsyncLifetime
{
    private TestOrchestrator intake = null!;

    public async Task InitializeAsync() => intake = await TestOrchestrator.StartAsync(runOrchestrator: false);

    public async Task DisposeAsync() => await intake.DisposeAsync();

    [Fact]
    public async Task Should_succeed_both_times_and_store_one_step_result()
    {
        var publisher = intake.Services.GetRequiredService<IStepResultPublisher>();
        var result = Result(Guid.NewGuid());

        await publisher.PublishAsync(result, CancellationToken.None);
        await publisher.PublishAsync(result, CancellationToken.None);

        Assert.Equal(1, await intake.CountMessagesAsync(intake.Names.IntakeStream));
    }

    [Fact]
    public async Task Should_succeed_both_times_and_store_one_outcome()
    {
        var outcomes = intake.Services.GetRequiredService<IOnboardingOutcomePublisher>();
        // A commit retried after a conflict publishes the outcome of the same saga again.
        var saga = new CustomerOnboardingState { CorrelationId = Guid.NewGuid(), CustomerName = "Twice Corp", SubscriptionTier = "far-out" };

        await outcomes.PublishOnboardedAsync(saga, CancellationToken.None);
        await outcomes.PublishOnboardedAsync(saga, CancellationToken.None);

        Assert.Equal(1, await intake.CountMessagesAsync(intake.Names.OutcomeStream));
    }

    [Fact]
    public async Task Should_let_two_job_watchers_report_the_same_job_without_a_failure()
    {
        var publisher = intake.Services.GetRequiredService<IStepResultPublisher>();
        var job = FinishedJob(KubeFixture.Request("knapscen.test/succeed:1"));
        // Two replicas (or one restarted) each with its own memory of reported Jobs: both publish the result.
        using var unusedApi = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" });
        var first = new JobResultReporter(unusedApi, publisher, new ApiRetry(1, TimeProvider.System), rememberedJobs: 10, NullLogger.Instance);
        var second = new JobResultReporter(unusedApi, publisher, new ApiRetry(1, TimeProvider.System), rememberedJobs: 10, NullLogger.Instance);

        // A ResultNotPublishedException here is what makes the watcher list every Job again.
        await first.ReportAsync(job, CancellationToken.None);
        await second.ReportAsync(job, CancellationToken.None);

        Assert.Equal(1, await intake.CountMessagesAsync(intake.Names.IntakeStream));
    }

    private static StepResult Result(Guid sagaId) => new()
    {
        SagaId = sagaId,
        Step = StepNames.RegisterCustomer,
        Attempt = 1,
        LaunchId = LaunchIds.For(sagaId, StepNames.RegisterCustomer, null, 1),
        Succeeded = true,
    };

    private static V1Job FinishedJob(StepLaunchRequest request)
    {
        var job = JobFactory.Create(request, definition: null, KubeFixture.Namespace, new KubernetesLauncherOptions { TtlSecondsAfterFinished = 60 });
        job.Metadata.Uid = Guid.NewGuid().ToString();
        job.Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] };
        return job;
    }
}
