using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.EndToEnd;

[Trait("Tier", "e2e")]
public sealed class When_two_orchestrators_share_the_work
{
    private const int Onboardings = 500;

    [Fact]
    public async Task Should_finish_every_onboarding_with_none_processed_twice()
    {
        var steps = new FlakySteps(failuresIn256: 0);
        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await publisher.ProcessEnvironmentAsync(steps.Settings());

        await using var first = OrchestratorProcess.Start(environment, "serve");
        await using var second = OrchestratorProcess.Start(environment, "serve");
        var sagaIds = await publisher.PublishOnboardingsAsync(Onboardings);

        var sagas = await SagaLedger.FinishedAsync(publisher.ConnectionString, sagaIds, TimeSpan.FromMinutes(10));
        Assert.All(sagas, saga => Assert.Equal("Completed", saga.State));
        Assert.All(sagas, saga => Assert.All(saga.Steps, run => Assert.Equal(1, run.Attempt)));
        var launches = steps.Launches();
        Assert.Equal(Onboardings * 10, launches.Count);
        Assert.Equal(launches.Count, launches.Distinct(StringComparer.Ordinal).Count());
        File.Delete(steps.LaunchLog);
    }
}
