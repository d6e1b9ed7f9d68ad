using System.Collections.Concurrent;
using Knapscen.Sagas.Orchestrator.Cli;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>Group commit through the real intake: one saga's failing transition costs the others nothing.</summary>
[Trait("Tier", "integration")]
public sealed class When_a_transition_fails_inside_a_group
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_commit_the_other_sagas_of_the_group_and_retry_the_failed_one_alone()
    {
        var registrations = Enumerable.Range(0, 20).Select(_ => SampleEvents.CustomerRegistered()).ToList();
        // Every other saga's first launch fails once, so groups hold both kinds whatever way they are cut.
        var unlucky = registrations.Where((_, i) => i % 2 == 1).Select(registration => Guid.Parse(registration.Subject!)).ToHashSet();
        var failOnce = new FailFirstLaunchOf(unlucky);
        // One worker, so the registrations queue up and are taken in groups.
        await using var orchestrator = await TestOrchestrator.StartAsync(
            new Dictionary<string, string?>(StepCommands.All()) { ["Nats:Workers"] = "1", ["Nats:GroupCommitSize"] = "32" },
            services: services => services.Decorate<IStepLauncher>(failOnce.Around));
        var meter = orchestrator.Services.GetRequiredService<OnboardingMetrics>().Meter;
        using var groupSizes = new MetricCollector<long>(meter, "knapscen.intake.group_size");
        using var retriedAlone = new MetricCollector<long>(meter, "knapscen.intake.group_retried_alone");

        await Task.WhenAll(registrations.Select(registration => orchestrator.PublishAsync(registration)));

        foreach (var registration in registrations)
        {
            Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(registration.Subject!), Timeout)).State);
        }

        Assert.Equal(unlucky.Count, failOnce.FailedCount);
        Assert.Contains(groupSizes.GetMeasurementSnapshot(), measurement => measurement.Value > 1);
        Assert.True(retriedAlone.GetMeasurementSnapshot().Sum(measurement => measurement.Value) >= 1, "the failed event was not retried alone");
        // Each step of every saga ran once: a retry met no trace of its rolled-back attempt.
        await SagaLedger.AssertHistoryAgreesAsync(orchestrator.ConnectionString, await SagaLedger.SagasAsync(orchestrator.ConnectionString));
    }

    /// <summary>A launcher bug for some sagas, once each: the transition throws after the saga row was locked and changed.</summary>
    private sealed class FailFirstLaunchOf(IReadOnlySet<Guid> sagaIds)
    {
        private readonly ConcurrentDictionary<Guid, bool> failed = new();

        public int FailedCount => failed.Count;

        private bool FailsNow(Guid sagaId) => sagaIds.Contains(sagaId) && failed.TryAdd(sagaId, true);

        public IStepLauncher Around(IStepLauncher inner) => new Launcher(this, inner);

        private sealed class Launcher(FailFirstLaunchOf owner, IStepLauncher inner) : IStepLauncher
        {
            public string Name => inner.Name;

            public Task<StepLaunchOutcome> LaunchAsync(StepLaunchRequest request, CancellationToken cancellationToken) =>
                owner.FailsNow(request.SagaId)
                    ? throw new InvalidOperationException($"a launcher bug for saga {request.SagaId}")
                    : inner.LaunchAsync(request, cancellationToken);
        }
    }
}
