using System.Text;
using k8s;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>The whole orchestrator with the Kubernetes launcher and Job watcher, as the RBAC-limited user, on the real control plane.</summary>
[Trait("Tier", "integration")]
[Collection(KubeCollection.Name)]
public sealed class When_an_onboarding_runs_on_kubernetes(KubeFixture fixture)
{
    [Fact]
    public async Task Every_step_runs_as_a_job_and_a_failed_job_is_retried_under_a_new_name()
    {
        var settings = fixture.OrchestratorSettings(step => step == "register-user" ? "knapscen.test/fail-first-attempt:1" : "knapscen.test/succeed:1");
        foreach (var step in StepCommands.CatalogStepNames)
        {
            settings[$"Steps:{step}:Environment:STEP_ATTEMPT"] = "${step.attempt}";
            settings[$"Steps:{step}:Retry:InitialDelaySeconds"] = "0.2";
        }

        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));

        var saga = await orchestrator.WaitForFinalAsync(sagaId, TimeSpan.FromMinutes(4));
        Assert.Equal("Completed", saga.State);
        Assert.All(saga.Steps.Where(step => step.Step == "register-user"), step => Assert.Equal(2, step.Attempt));
        Assert.All(saga.Steps.Where(step => step.Step != "register-user"), step => Assert.Equal(1, step.Attempt));
        var history = await SagaLedger.HistoryAsync(orchestrator.ConnectionString);
        Assert.Equal([1, 2], history[(sagaId, "register-user", 0)]);
        var jobs = await fixture.Admin.BatchV1.ListNamespacedJobAsync(KubeFixture.Namespace, labelSelector: Knapscen.Sagas.Adapters.Kubernetes.Jobs.JobLabels.SagaSelector(sagaId));
        Assert.Equal(13, jobs.Items.Count);
        Assert.Equal(13, jobs.Items.Select(job => job.Metadata.Name).Distinct().Count());
        await fixture.DeleteJobsAsync(sagaId);
    }
}
