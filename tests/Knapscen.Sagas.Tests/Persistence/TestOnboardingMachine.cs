using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;

namespace Knapscen.Sagas.Tests.Persistence;

public sealed record StartTestSaga(Guid SagaId, string CustomerName);

/// <summary>Changes the saga visibly: the mark lands in LastError and as a new step, optionally with a history record.</summary>
public sealed record BumpTestSaga(Guid SagaId, string Mark, StepAttemptRecord? History = null);

/// <summary>A transition with a bug: it changes the saga, then throws.</summary>
public sealed record BreakTestSaga(Guid SagaId);

/// <summary>
/// A minimal machine over the real saga state, so repository tests do not depend on the onboarding machine.
/// Start creates the saga through InsertOnInitial; a second Start is ignored.
/// </summary>
public sealed class TestOnboardingMachine : MassTransitStateMachine<CustomerOnboardingState>
{
    public TestOnboardingMachine()
    {
        InstanceState(saga => saga.CurrentState);

        Event(() => Start, e =>
        {
            e.CorrelateById(context => context.Message.SagaId);
            e.InsertOnInitial = true;
            e.SetSagaFactory(context => new CustomerOnboardingState { CorrelationId = context.Message.SagaId });
        });
        Event(() => Bump, e => e.CorrelateById(context => context.Message.SagaId));
        Event(() => Break, e => e.CorrelateById(context => context.Message.SagaId));

        Initially(
            When(Start)
                .Then(context => context.Saga.CustomerName = context.Message.CustomerName)
                .TransitionTo(Active));

        During(
            Active,
            Ignore(Start),
            When(Bump).Then(context =>
            {
                context.Saga.LastError = context.Message.Mark;
                context.Saga.Steps.Add(new StepRun { Step = context.Message.Mark, Status = StepStatus.Running });
                if (context.Message.History is { } history)
                {
                    context.Saga.PendingHistory.Add(history);
                }
            }),
            When(Break).Then(context =>
            {
                context.Saga.LastError = "half-done";
                throw new InvalidOperationException($"a bug in the transition of saga {context.Saga.CorrelationId}");
            }));
    }

    public State Active { get; private set; } = null!;

    public Event<StartTestSaga> Start { get; private set; } = null!;

    public Event<BumpTestSaga> Bump { get; private set; } = null!;

    public Event<BreakTestSaga> Break { get; private set; } = null!;
}
