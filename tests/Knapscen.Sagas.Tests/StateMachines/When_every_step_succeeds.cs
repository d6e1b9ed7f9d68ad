using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Tests.StateMachines;

[Trait("Tier", "specs")]
public sealed class When_every_step_succeeds
{
    [Fact]
    public async Task Should_run_the_phases_in_order_and_complete()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();

        Assert.Equal("RegisteringCustomer", spec.State);
        Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.RegisterCustomer));
        await spec.SucceedAsync(StepNames.RegisterCustomer);

        Assert.Equal("RegisteringUsers", spec.State);
        Assert.All([0, 1, 2], user => Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.RegisterUser, user)));
        Assert.Equal(0, spec.Launcher.AttemptsOf(StepNames.NotifyMarketing));
        await spec.SucceedAsync(StepNames.RegisterUser, 0);
        await spec.SucceedAsync(StepNames.RegisterUser, 1);
        Assert.Equal("RegisteringUsers", spec.State);
        await spec.SucceedAsync(StepNames.RegisterUser, 2);

        Assert.Equal("Welcoming", spec.State);
        Assert.All([0, 1, 2], user => Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.SendWelcomeEmail, user)));
        Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.NotifyMarketing));
        Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.OrderSwag));
        await spec.SucceedForwardAsync(stopBefore: StepNames.CreateTouchpoints);

        Assert.Equal("CreatingTouchpoints", spec.State);
        Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.CreateTouchpoints, 0));
        Assert.Equal(0, spec.Launcher.AttemptsOf(StepNames.CreateTouchpoints, 1));
        await spec.SucceedAsync(StepNames.CreateTouchpoints, 0);

        Assert.Equal("Completed", spec.State);
        Assert.NotNull(spec.Instance.FinishedAt);
        Assert.Null(spec.Instance.NextDeadline);
        Assert.All(spec.Instance.Steps, run => Assert.Equal((StepStatus.Succeeded, 1), (run.Status, run.Attempt)));
        Assert.Equal(10, spec.Instance.Steps.Count);
        Assert.Equal([(spec.SagaId, "onboarded")], spec.Outcomes.Published);
    }
}
