using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Tests.StateMachines;

[Trait("Tier", "specs")]
public sealed class When_a_step_fails_for_good
{
    private static readonly string[] ReverseCompensations =
    [
        "delete-touchpoints", "cancel-swag-order", "retract-marketing-notice", "delete-user", "delete-user", "delete-user", "delete-customer",
    ];

    [Fact]
    public async Task Should_compensate_the_completed_steps_in_reverse_order_when_touchpoints_fail()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        await spec.SucceedForwardAsync(stopBefore: StepNames.CreateTouchpoints);

        await spec.FailForGoodAsync(StepNames.CreateTouchpoints, 0, attempts: 3);

        Assert.Equal("Compensating", spec.State);
        var launched = new List<string>();
        while (spec.State == "Compensating")
        {
            var current = spec.Instance.CompensationRuns().Single(run => run.Status == StepStatus.Running);
            launched.Add(current.Step);
            spec.Clock.Advance(TimeSpan.FromSeconds(1));
            await spec.SucceedAsync(current.Step, current.UserIndex);
        }

        Assert.Equal(ReverseCompensations.Skip(1), launched);
        Assert.Equal([2, 1, 0], spec.Instance.CompensationRuns().Where(run => run.Step == "delete-user").Select(run => run.UserIndex!.Value));
        Assert.Equal("Compensated", spec.State);
        Assert.All(spec.Instance.Steps.Where(run => run.Step == StepNames.SendWelcomeEmail), run => Assert.Equal(StepStatus.CannotUndo, run.Status));
        Assert.All(spec.Instance.Steps.Where(run => run.Step is StepNames.RegisterCustomer or StepNames.RegisterUser), run => Assert.Equal(StepStatus.Compensated, run.Status));
        Assert.Equal([(spec.SagaId, "failed")], spec.Outcomes.Published);
    }

    [Fact]
    public async Task Should_need_attention_when_a_compensation_fails_for_good_and_complete_after_an_operator_retry()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        await spec.SucceedAsync(StepNames.RegisterCustomer);
        spec.Clock.Advance(TimeSpan.FromSeconds(1));
        await spec.SucceedAsync(StepNames.RegisterUser, 0);
        await spec.FailForGoodAsync(StepNames.RegisterUser, 2, attempts: 3);

        // User 1 was still running: it is stopped and undone too, then user 0; the customer's deletion fails.
        Assert.Equal(StepStatus.Cancelled, spec.Instance.FindStep(StepNames.RegisterUser, 1)!.Status);
        Assert.Contains(spec.Launcher.Cancelled, id => id == spec.Launcher.Latest(StepNames.RegisterUser, 1).LaunchId);
        foreach (var user in new[] { 1, 0 })
        {
            Assert.Equal(user, spec.Instance.CompensationRuns().Single(run => run.Status == StepStatus.Running).UserIndex);
            await spec.SucceedAsync("delete-user", user);
        }

        await spec.FailForGoodAsync("delete-customer", null, attempts: 5);

        Assert.Equal("NeedsAttention", spec.State);
        Assert.Empty(spec.Outcomes.Published);

        var response = await spec.SendAsync(new Knapscen.Sagas.StateMachines.Contracts.RetrySaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "database fixed" });

        Assert.True(response.Is(out MassTransit.Response<Knapscen.Sagas.StateMachines.Contracts.SagaCommandAccepted>? accepted));
        Assert.Equal("RegisteringUsers", accepted!.Message.State);
        await spec.ElapseAsync(TimeSpan.Zero);
        Assert.Equal(2, spec.Launcher.Latest(StepNames.RegisterUser, 0).Attempt);
        Assert.Equal(2, spec.Launcher.Latest(StepNames.RegisterUser, 1).Attempt);
        Assert.Equal(4, spec.Launcher.Latest(StepNames.RegisterUser, 2).Attempt);
        await spec.SucceedForwardAsync();
        Assert.Equal("Completed", spec.State);
        Assert.Contains(spec.Instance.Notes, note => note is { What: "retry", Who: "ops", Why: "database fixed" });
        Assert.Equal([(spec.SagaId, "onboarded")], spec.Outcomes.Published);
    }
}
