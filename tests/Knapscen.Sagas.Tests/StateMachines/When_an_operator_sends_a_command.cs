using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;

namespace Knapscen.Sagas.Tests.StateMachines;

public sealed class When_an_operator_sends_a_command
{
    [Fact]
    public async Task Should_refuse_retry_on_a_completed_saga_with_the_reason()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        await spec.SucceedForwardAsync();

        var response = await spec.SendAsync(new RetrySaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "just checking" });

        Assert.True(response.Is(out Response<SagaCommandRefused>? refused));
        Assert.Equal("Completed", refused!.Message.State);
        Assert.Contains("nothing to retry", refused.Message.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_retry_while_steps_progress_within_their_deadlines()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();

        var response = await spec.SendAsync(new RetrySaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "impatient" });

        Assert.True(response.Is(out Response<SagaCommandRefused>? _));
        Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.RegisterCustomer));
    }

    [Fact]
    public async Task Should_retry_a_step_stuck_past_its_deadline_as_a_new_attempt()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        // The scanner never got to it (no DeadlinesDue), but the deadline passed.
        spec.Clock.Advance(TimeSpan.FromMinutes(5));

        var response = await spec.SendAsync(new RetrySaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "stuck" });

        Assert.True(response.Is(out Response<SagaCommandAccepted>? _));
        // Commands are handled inside the serving orchestrator, so the new attempt is launched at once.
        Assert.Equal(StepStatus.Running, spec.Instance.FindStep(StepNames.RegisterCustomer, null)!.Status);
        Assert.Equal(2, spec.Launcher.Latest(StepNames.RegisterCustomer).Attempt);
    }

    [Fact]
    public async Task Should_cancel_running_steps_and_stop_without_undoing()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        await spec.SucceedForwardAsync(stopBefore: StepNames.SendWelcomeEmail);

        var response = await spec.SendAsync(new CancelSaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "customer withdrew" });

        Assert.True(response.Is(out Response<SagaCommandAccepted>? accepted));
        Assert.Equal("Cancelled", accepted!.Message.State);
        Assert.Equal(5, spec.Launcher.Cancelled.Count);
        Assert.DoesNotContain(spec.Launcher.Sequence, launch => launch.Step.StartsWith("delete-", StringComparison.Ordinal));
        Assert.Contains(spec.Instance.Notes, note => note is { What: "cancel", Who: "ops", Why: "customer withdrew" });
    }

    [Fact]
    public async Task Should_start_compensation_on_request()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        await spec.SucceedAsync(StepNames.RegisterCustomer);

        var response = await spec.SendAsync(new CompensateSaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "duplicate customer" });

        Assert.True(response.Is(out Response<SagaCommandAccepted>? accepted));
        Assert.Equal("Compensating", accepted!.Message.State);
        Assert.Contains("duplicate customer", spec.Instance.FailureReason, StringComparison.Ordinal);
        Assert.Equal(1, spec.Launcher.AttemptsOf(StepNames.RegisterUser, 0));
        foreach (var user in new[] { 0, 1, 2 })
        {
            await spec.SucceedAsync(StepNames.RegisterUser, user);
            spec.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        while (spec.State == "Compensating")
        {
            var current = spec.Instance.CompensationRuns().Single(run => run.Status == StepStatus.Running);
            await spec.SucceedAsync(current.Step, current.UserIndex);
        }

        Assert.Equal("Compensated", spec.State);
        Assert.Equal(0, spec.Launcher.AttemptsOf(StepNames.SendWelcomeEmail, 0));
    }

    [Fact]
    public async Task Should_answer_not_found_for_an_unknown_saga()
    {
        await using var spec = await OnboardingSpec.StartAsync();

        var response = await spec.SendAsync(new RetrySaga { SagaId = Guid.NewGuid(), RequestedBy = "ops", Reason = "typo" });

        Assert.True(response.Is(out Response<SagaNotFound>? _));
    }
}
