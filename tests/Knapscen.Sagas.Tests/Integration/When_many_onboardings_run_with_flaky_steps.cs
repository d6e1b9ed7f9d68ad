using System.Text;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;

namespace Knapscen.Sagas.Tests.Integration;

public sealed class When_many_onboardings_run_with_flaky_steps
{
    private const int Onboardings = 200;

    [Fact]
    public async Task Every_saga_ends_completed_or_compensated_with_history_matching_attempts()
    {
        var flaky = new FlakySteps();
        await using var orchestrator = await TestOrchestrator.StartAsync(flaky.Settings());
        var sagaIds = Enumerable.Range(0, Onboardings).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(sagaIds.Select(id => orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(id)))));
        await Eventually.TrueAsync(
            async () => await SagaLedger.CountFinishedAsync(orchestrator.ConnectionString) == Onboardings,
            TimeSpan.FromMinutes(8),
            $"all {Onboardings} onboardings finishing");

        var sagas = await SagaLedger.SagasAsync(orchestrator.ConnectionString);
        Assert.Equal(sagaIds.Order(), sagas.Select(saga => saga.Id).Order());
        Assert.All(sagas, saga => Assert.Contains(saga.State, new[] { "Completed", "Compensated" }));
        Assert.Contains(sagas, saga => saga.Steps.Any(run => run.Attempt > 1));
        await SagaLedger.AssertHistoryAgreesAsync(orchestrator.ConnectionString, sagas);
        var launches = flaky.Launches();
        Assert.Equal(launches.Count, launches.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(sagas.Sum(saga => saga.Steps.Sum(run => run.Attempt)), launches.Count);
        File.Delete(flaky.LaunchLog);
    }
}
