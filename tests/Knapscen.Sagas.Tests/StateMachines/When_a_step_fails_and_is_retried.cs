using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Tests.StateMachines;

[Trait("Tier", "specs")]
public sealed class When_a_step_fails_and_is_retried
{
    [Fact]
    public async Task Should_retry_one_user_step_after_its_backoff_and_carry_on()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        await spec.SucceedAsync(StepNames.RegisterCustomer);
        var first = spec.Launcher.Latest(StepNames.RegisterUser, 1);

        await spec.FailAsync(StepNames.RegisterUser, 1, "database unreachable");

        var run = spec.Instance.FindStep(StepNames.RegisterUser, 1)!;
        Assert.Equal("RegisteringUsers", spec.State);
        Assert.Equal(StepStatus.Scheduled, run.Status);
        Assert.Equal(spec.Clock.GetUtcNow() + TimeSpan.FromSeconds(2), run.Deadline);
        await spec.ElapseAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.RegisterUser, 1));

        await spec.ElapseAsync(TimeSpan.FromSeconds(1));

        var second = spec.Launcher.Latest(StepNames.RegisterUser, 1);
        Assert.Equal(2, second.Attempt);
        Assert.NotEqual(first.LaunchId, second.LaunchId);
        await spec.SucceedForwardAsync();
        Assert.Equal("Completed", spec.State);
        Assert.Equal(2, spec.Instance.FindStep(StepNames.RegisterUser, 1)!.Attempt);
    }

    [Fact]
    public async Task Should_time_out_a_silent_step_retry_it_and_compensate_when_attempts_run_out()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        await spec.SucceedForwardAsync(stopBefore: StepNames.NotifyMarketing);
        spec.Clock.Advance(TimeSpan.FromSeconds(1));
        await spec.SucceedAsync(StepNames.OrderSwag);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(attempt, spec.Launcher.AttemptsOf(StepNames.NotifyMarketing));
            await spec.ElapseAsync(TimeSpan.FromSeconds(126));
            if (attempt < 3)
            {
                Assert.Equal(StepStatus.Scheduled, spec.Instance.FindStep(StepNames.NotifyMarketing, null)!.Status);
                await spec.ElapseAsync(TimeSpan.FromSeconds(60));
            }
        }

        var marketing = spec.Instance.FindStep(StepNames.NotifyMarketing, null)!;
        Assert.Equal(StepStatus.Failed, marketing.Status);
        Assert.Contains("timed out", marketing.LastError, StringComparison.Ordinal);
        Assert.Equal("Compensating", spec.State);
        Assert.StartsWith("notify-marketing failed", spec.Instance.FailureReason, StringComparison.Ordinal);
        // The newest success is undone first.
        Assert.Equal("cancel-swag-order", spec.Launcher.Sequence.Last().Step);
    }
}
