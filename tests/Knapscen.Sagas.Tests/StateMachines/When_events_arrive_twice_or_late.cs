using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Tests.StateMachines;

[Trait("Tier", "specs")]
public sealed class When_events_arrive_twice_or_late
{
    [Fact]
    public async Task Should_ignore_and_count_a_repeated_result_and_a_second_registration()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        var launch = spec.Launcher.Latest(StepNames.RegisterCustomer);
        await spec.ReportAsync(launch, succeeded: true);

        await spec.ReportAsync(launch, succeeded: true);
        await spec.ReportAsync(launch, succeeded: false, "a stale failure");
        await spec.RegisterAsync();

        Assert.Equal("RegisteringUsers", spec.State);
        Assert.Equal(3, spec.Instance.IgnoredEvents);
        Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.RegisterCustomer));
        Assert.Equal(StepStatus.Succeeded, spec.Instance.FindStep(StepNames.RegisterCustomer, null)!.Status);
    }

    [Fact]
    public async Task Should_ignore_a_late_result_of_an_attempt_that_was_already_retried()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        var first = spec.Launcher.Latest(StepNames.RegisterCustomer);
        await spec.ElapseAsync(TimeSpan.FromSeconds(126));
        await spec.ElapseAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(2, spec.Launcher.Latest(StepNames.RegisterCustomer).Attempt);

        await spec.ReportAsync(first, succeeded: true);

        Assert.Equal("RegisteringCustomer", spec.State);
        // Its output and its completion: both belong to an attempt that is no longer current.
        Assert.Equal(2, spec.Instance.IgnoredEvents);
        await spec.SucceedAsync(StepNames.RegisterCustomer);
        Assert.Equal("RegisteringUsers", spec.State);
    }

    [Fact]
    public async Task Should_fault_a_result_for_an_attempt_not_yet_recorded_so_it_is_redelivered()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        var launch = spec.Launcher.Latest(StepNames.RegisterCustomer);
        var early = new StepSucceeded { SagaId = spec.SagaId, Step = launch.Step, Attempt = 2, LaunchId = "register-customer-s-a2-future" };

        await spec.Harness.Bus.Publish(early);

        Assert.True(await spec.Harness.Published.Any<MassTransit.Fault<StepSucceeded>>(x => x.Context.Message.Message.LaunchId == early.LaunchId));
        Assert.Equal("RegisteringCustomer", spec.State);
        Assert.Equal(0, spec.Instance.IgnoredEvents);
    }
}
