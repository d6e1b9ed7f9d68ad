using Knapscen.Sagas.Orchestrator.Cli;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Knapscen.Sagas.StateMachines.Telemetry;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>Group commit through the real intake: the Job creates of the sagas in one transaction do not wait for each other.</summary>
[Trait("Tier", "integration")]
public sealed class When_a_group_launches_steps_of_several_sagas
{
    private const int Sagas = 8;
    private const int Together = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_have_their_launches_in_flight_together_and_commit_after_all_of_them()
    {
        var registrations = Enumerable.Range(0, Sagas).Select(_ => SampleEvents.CustomerRegistered()).ToList();
        var slow = new SlowFirstLaunches(Together);
        // One worker: any two launches in flight at once come from one group transaction.
        await using var orchestrator = await TestOrchestrator.StartAsync(
            new Dictionary<string, string?>(StepCommands.All()) { ["Nats:Workers"] = "1", ["Nats:GroupCommitSize"] = "32" },
            services: services => services.Decorate<IStepLauncher>(slow.Around));
        using var groupSizes = new MetricCollector<long>(orchestrator.Services.GetRequiredService<OnboardingMetrics>().Meter, "knapscen.intake.group_size");

        await Task.WhenAll(registrations.Select(registration => orchestrator.PublishAsync(registration)));
        foreach (var registration in registrations)
        {
            Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(registration.Subject!), Timeout)).State);
        }

        // Sequential launches inside a group would never have two of these in flight: each waits (bounded) for company.
        Assert.True(groupSizes.GetMeasurementSnapshot().Any(measurement => measurement.Value >= Together), "no group of that size formed");
        Assert.True(slow.MostInFlight >= Together, $"at most {slow.MostInFlight} first launches were in flight at once");
        await SagaLedger.AssertHistoryAgreesAsync(orchestrator.ConnectionString, await SagaLedger.SagasAsync(orchestrator.ConnectionString));
    }

    /// <summary>
    /// A create request that takes a while: each first launch waits until <paramref name="together"/> are in flight
    /// (or 5 s pass), so launches made one after the other show as one in flight at a time.
    /// </summary>
    private sealed class SlowFirstLaunches(int together)
    {
        private readonly Lock gate = new();
        private readonly TaskCompletionSource enoughInFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int inFlight;

        public int MostInFlight { get; private set; }

        public IStepLauncher Around(IStepLauncher inner) => new Launcher(this, inner);

        private async Task<StepLaunchOutcome> LaunchAsync(IStepLauncher inner, StepLaunchRequest request, CancellationToken cancellationToken)
        {
            if (request.Step != "register-customer")
            {
                return await inner.LaunchAsync(request, cancellationToken);
            }

            lock (gate)
            {
                MostInFlight = Math.Max(MostInFlight, ++inFlight);
                if (inFlight >= together)
                {
                    enoughInFlight.TrySetResult();
                }
            }

            try
            {
                await Task.WhenAny(enoughInFlight.Task, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
                return await inner.LaunchAsync(request, cancellationToken);
            }
            finally
            {
                lock (gate)
                {
                    inFlight--;
                }
            }
        }

        private sealed class Launcher(SlowFirstLaunches owner, IStepLauncher inner) : IStepLauncher
        {
            public string Name => inner.Name;

            public Task<StepLaunchOutcome> LaunchAsync(StepLaunchRequest request, CancellationToken cancellationToken) =>
                owner.LaunchAsync(inner, request, cancellationToken);
        }
    }
}
