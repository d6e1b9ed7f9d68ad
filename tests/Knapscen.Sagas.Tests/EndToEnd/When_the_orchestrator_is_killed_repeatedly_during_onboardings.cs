using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.EndToEnd;

[Trait("Tier", "e2e")]
public sealed class When_the_orchestrator_is_killed_repeatedly_during_onboardings
{
    private const int Onboardings = 100;

    [Fact]
    public async Task Should_finish_every_onboarding_once_after_restarts()
    {
        var flaky = new FlakySteps();
        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await publisher.ProcessEnvironmentAsync(flaky.Settings());
        environment["Nats__AckWaitSeconds"] = "3";
        // A step cut off by a kill is noticed by its deadline: keep it short.
        foreach (var step in StepCommands.CatalogStepNames)
        {
            environment[$"Steps__{step}__TimeoutSeconds"] = "5";
        }

        var sagaIds = await publisher.PublishOnboardingsAsync(Onboardings);

        var random = new Random(20261123);
        for (var crash = 0; crash < 3; crash++)
        {
            await using var doomed = OrchestratorProcess.Start(environment, "serve");
            // Kill somewhere in the middle of the work, after some progress was committed.
            var target = await SagaLedger.CountAttemptsAsync(publisher.ConnectionString) + random.Next(50, 200);
            await Eventually.TrueAsync(
                async () => await SagaLedger.CountAttemptsAsync(publisher.ConnectionString) >= target,
                TimeSpan.FromMinutes(2),
                "the orchestrator making progress before the kill");
            await doomed.KillAsync();
        }

        await using var survivor = OrchestratorProcess.Start(environment, "serve");
        var sagas = await SagaLedger.FinishedAsync(publisher.ConnectionString, sagaIds, TimeSpan.FromMinutes(8));
        Assert.All(sagas, saga => Assert.Contains(saga.State, new[] { "Completed", "Compensated" }));
        File.Delete(flaky.LaunchLog);
    }
}
