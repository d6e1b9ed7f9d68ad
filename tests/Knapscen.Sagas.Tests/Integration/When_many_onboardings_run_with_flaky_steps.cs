using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Integration;

[Trait("Tier", "integration")]
public sealed class When_many_onboardings_run_with_flaky_steps
{
    private const int Onboardings = 200;

    [Fact]
    public async Task Every_saga_ends_completed_or_compensated_with_history_matching_attempts()
    {
        var flaky = new FlakySteps();
        await using var orchestrator = await TestOrchestrator.StartAsync(flaky.Settings());
        var sagaIds = await orchestrator.PublishOnboardingsAsync(Onboardings);

        var sagas = await SagaLedger.FinishedAsync(orchestrator.ConnectionString, sagaIds, TimeSpan.FromMinutes(8));
        Assert.All(sagas, saga => Assert.Contains(saga.State, new[] { "Completed", "Compensated" }));
        Assert.Contains(sagas, saga => saga.Steps.Any(run => run.Attempt > 1));
        var launches = flaky.Launches();
        Assert.Equal(launches.Count, launches.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(sagas.Sum(saga => saga.Steps.Sum(run => run.Attempt)), launches.Count);
        File.Delete(flaky.LaunchLog);
    }
}
