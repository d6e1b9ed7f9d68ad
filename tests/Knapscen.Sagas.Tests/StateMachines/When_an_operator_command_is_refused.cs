using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;

namespace Knapscen.Sagas.Tests.StateMachines;

/// <summary>Every refusal the machine writes, each with its exact reason, and the saga left as it was.</summary>
public sealed class When_an_operator_command_is_refused
{
    [Fact]
    public async Task Should_refuse_retry_in_a_phase_with_nothing_failed_or_overdue()
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();

        await AssertRefusedAsync(spec, new RetrySaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "impatient" },
            "RegisteringCustomer", "no step is failed or past its deadline; the onboarding is progressing");
    }

    [Fact]
    public async Task Should_refuse_retry_while_compensating()
    {
        await using var spec = await CompensatingAsync();

        await AssertRefusedAsync(spec, new RetrySaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "go on" },
            "Compensating", "the saga is compensating; wait for it to finish, or cancel it");
    }

    [Fact]
    public async Task Should_refuse_compensate_while_compensating()
    {
        await using var spec = await CompensatingAsync();

        await AssertRefusedAsync(spec, new CompensateSaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "again" },
            "Compensating", "the saga is already compensating");
    }

    [Theory]
    [InlineData("Completed", "retry", "the saga is Completed; there is nothing to retry")]
    [InlineData("Completed", "compensate", "the saga is Completed; only an unfinished onboarding can be compensated")]
    [InlineData("Completed", "cancel", "the saga is Completed; there is nothing to cancel")]
    [InlineData("Compensated", "retry", "the saga is Compensated; there is nothing to retry")]
    [InlineData("Compensated", "compensate", "the saga is Compensated; only an unfinished onboarding can be compensated")]
    [InlineData("Compensated", "cancel", "the saga is Compensated; there is nothing to cancel")]
    [InlineData("Cancelled", "retry", "the saga is Cancelled; there is nothing to retry")]
    [InlineData("Cancelled", "compensate", "the saga is Cancelled; only an unfinished onboarding can be compensated")]
    [InlineData("Cancelled", "cancel", "the saga is Cancelled; there is nothing to cancel")]
    public async Task Should_refuse_every_command_in_a_final_state(string finalState, string command, string reason)
    {
        await using var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        await BringToAsync(spec, finalState);
        Assert.Equal(finalState, spec.State);

        // Sent as its own type: the saga answers RetrySaga, CompensateSaga and CancelSaga, not their base record.
        await (command switch
        {
            "retry" => AssertRefusedAsync(spec, new RetrySaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "after the end" }, finalState, reason),
            "compensate" => AssertRefusedAsync(spec, new CompensateSaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "after the end" }, finalState, reason),
            _ => AssertRefusedAsync(spec, new CancelSaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "after the end" }, finalState, reason),
        });
    }

    private static async Task<OnboardingSpec> CompensatingAsync()
    {
        var spec = await OnboardingSpec.StartAsync();
        await spec.RegisterAsync();
        await spec.SucceedAsync(StepNames.RegisterCustomer);
        var response = await spec.SendAsync(new CompensateSaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "duplicate customer" });
        Assert.True(response.Is(out Response<SagaCommandAccepted>? _));
        Assert.Equal("Compensating", spec.State);
        return spec;
    }

    private static async Task BringToAsync(OnboardingSpec spec, string finalState)
    {
        switch (finalState)
        {
            case "Completed":
                await spec.SucceedForwardAsync();
                break;
            case "Cancelled":
                await spec.SendAsync(new CancelSaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "withdrawn" });
                break;
            default:
                await spec.SendAsync(new CompensateSaga { SagaId = spec.SagaId, RequestedBy = "ops", Reason = "duplicate customer" });
                while (spec.State == "Compensating")
                {
                    var undoing = spec.Instance.CompensationRuns().Single(run => run.Status == StepStatus.Running);
                    await spec.SucceedAsync(undoing.Step, undoing.UserIndex);
                }

                break;
        }
    }

    private static async Task AssertRefusedAsync<T>(OnboardingSpec spec, T command, string state, string reason)
        where T : OperatorCommand
    {
        var launches = spec.Launcher.Sequence.Count;
        var notes = spec.Instance.Notes.Count;

        var response = await spec.SendAsync(command);

        Assert.True(response.Is(out Response<SagaCommandRefused>? refused), $"{command.GetType().Name} was not refused");
        Assert.Equal(state, refused!.Message.State);
        Assert.Equal(reason, refused.Message.Reason);
        Assert.Equal(state, spec.State);
        Assert.Equal(launches, spec.Launcher.Sequence.Count);
        Assert.Equal(notes, spec.Instance.Notes.Count);
    }
}
