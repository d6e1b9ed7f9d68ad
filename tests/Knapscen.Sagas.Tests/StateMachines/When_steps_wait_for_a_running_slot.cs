using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Knapscen.Sagas.Tests.StateMachines;

/// <summary>
/// The machine under an overall limit of one running step, with the other sagas' share played by the spec: waiting runs
/// start in the saga's order when its own step frees the slot, and on a later deadline when another saga's does.
/// </summary>
[Trait("Tier", "specs")]
public sealed class When_steps_wait_for_a_running_slot
{
    [Fact]
    public async Task Should_start_waiting_users_one_by_one_in_order_and_pick_up_a_slot_freed_elsewhere_at_the_recheck()
    {
        var ledger = new OtherSagas();
        await using var spec = await OnboardingSpec.StartAsync(services =>
        {
            services.Configure<RunningStepLimitOptions>(options => options.MaxRunning = 1);
            services.Replace(ServiceDescriptor.Singleton<IRunningStepLedger>(ledger));
        });
        await spec.RegisterAsync();

        await spec.SucceedAsync(StepNames.RegisterCustomer);

        Assert.Equal([0], Launched(spec, StepNames.RegisterUser));
        Assert.All(new[] { 1, 2 }, user => Assert.True(spec.Instance.FindStep(StepNames.RegisterUser, user)!.WaitingForSlot));
        Assert.Equal(spec.Clock.GetUtcNow() + TimeSpan.FromSeconds(1), spec.Instance.FindStep(StepNames.RegisterUser, 2)!.Deadline);

        // Its own step ends: the next user in order takes the slot in the same transition.
        await spec.SucceedAsync(StepNames.RegisterUser, 0);
        Assert.Equal([0, 1], Launched(spec, StepNames.RegisterUser));

        // Another saga holds the slot freed next: user 2 waits through the recheck, then starts when it is free.
        ledger.Running = 1;
        await spec.SucceedAsync(StepNames.RegisterUser, 1);
        await spec.ElapseAsync(TimeSpan.FromSeconds(1));
        Assert.Equal([0, 1], Launched(spec, StepNames.RegisterUser));
        ledger.Running = 0;
        await spec.ElapseAsync(TimeSpan.FromSeconds(1));
        Assert.Equal([0, 1, 2], Launched(spec, StepNames.RegisterUser));
        Assert.Equal(["register-customer", "register-user", "register-user", "register-user"], ledger.Recorded);

        // The rest of the onboarding, one step at a time: exactly one runs whenever the saga is not done.
        for (var step = 0; step < 20 && spec.State != "Completed"; step++)
        {
            var running = Assert.Single(spec.Instance.Steps, run => run.Status == StepStatus.Running);
            await spec.SucceedAsync(running.Step, running.UserIndex);
        }

        Assert.Equal("Completed", spec.State);
        Assert.Equal(10, spec.Launcher.Launches.Count);
    }

    private static IReadOnlyList<int?> Launched(OnboardingSpec spec, string step) =>
        [.. spec.Launcher.Launches.Where(launch => launch.Step == step).Select(launch => launch.UserIndex).Order()];

    /// <summary>What the other sagas of the installation run: a number the spec sets.</summary>
    private sealed class OtherSagas : IRunningStepLedger
    {
        public int Running { get; set; }

        public List<string> Recorded { get; } = [];

        public Task<RunningStepCounts> PeekOthersAsync(PipeContext context, Guid sagaId, CancellationToken cancellationToken) => Task.FromResult(Counts());

        public Task<RunningStepCounts> LockAndCountOthersAsync(PipeContext context, Guid sagaId, CancellationToken cancellationToken) => Task.FromResult(Counts());

        public Task RecordStartedAsync(PipeContext context, Guid sagaId, IReadOnlyList<StepRun> started, CancellationToken cancellationToken)
        {
            Recorded.AddRange(started.Select(run => run.Step));
            return Task.CompletedTask;
        }

        private RunningStepCounts Counts() => new(new Dictionary<string, int> { ["elsewhere"] = Running });
    }
}
