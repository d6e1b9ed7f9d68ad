using System.Text;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;

namespace Knapscen.Sagas.Tests.EndToEnd;

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
        var sagaIds = Enumerable.Range(0, Onboardings).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(sagaIds.Select(id => publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(id)))));
        await Eventually.TrueAsync(
            async () => await SagaLedger.CountFinishedAsync(publisher.ConnectionString) == Onboardings,
            TimeSpan.FromMinutes(10),
            $"all {Onboardings} onboardings finishing on two orchestrators");

        var sagas = await SagaLedger.SagasAsync(publisher.ConnectionString);
        Assert.Equal(sagaIds.Order(), sagas.Select(saga => saga.Id).Order());
        Assert.All(sagas, saga => Assert.Equal("Completed", saga.State));
        Assert.All(sagas, saga => Assert.All(saga.Steps, run => Assert.Equal(1, run.Attempt)));
        await SagaLedger.AssertHistoryAgreesAsync(publisher.ConnectionString, sagas);
        var launches = steps.Launches();
        Assert.Equal(Onboardings * 10, launches.Count);
        Assert.Equal(launches.Count, launches.Distinct(StringComparer.Ordinal).Count());
        File.Delete(steps.LaunchLog);
    }
}
