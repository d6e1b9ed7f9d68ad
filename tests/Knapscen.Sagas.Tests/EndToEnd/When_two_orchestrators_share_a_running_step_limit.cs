using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Integration;

namespace Knapscen.Sagas.Tests.EndToEnd;

/// <summary>
/// Two <c>serve</c> processes on one database and one stream, under one overall limit: neither replica's count may
/// leave room the other already took, so the step processes of both together never exceed it.
/// </summary>
[Trait("Tier", "e2e")]
public sealed class When_two_orchestrators_share_a_running_step_limit
{
    private const int Onboardings = 12;
    private const int Limit = 4;

    [Fact]
    public async Task Should_never_run_more_steps_at_once_than_the_limit_across_both_and_finish_every_onboarding()
    {
        using var log = new StepConcurrencyLog();
        var settings = log.Settings(seconds: 0.2);
        settings["StepLimits:MaxRunning"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["StepLimits:RecheckMilliseconds"] = "200";
        settings["Deadlines:PollIntervalMilliseconds"] = "100";
        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await publisher.ProcessEnvironmentAsync(settings);

        await using var first = OrchestratorProcess.Start(environment, "serve");
        await using var second = OrchestratorProcess.Start(environment, "serve");
        var sagaIds = await publisher.PublishOnboardingsAsync(Onboardings);

        var sagas = await SagaLedger.FinishedAsync(publisher.ConnectionString, sagaIds, TimeSpan.FromMinutes(5));
        Assert.All(sagas, saga => Assert.Equal("Completed", saga.State));
        var spans = log.Spans();
        Assert.Equal(Onboardings * 10, spans.Count);
        Assert.Equal(Limit, StepConcurrencyLog.MostAtOnce(spans.Select(span => (span.Start, span.End))));
        Assert.Equal(Limit, StepConcurrencyLog.MostAtOnce(await When_running_steps_are_limited.HistorySpansAsync(publisher.ConnectionString)));
    }
}
