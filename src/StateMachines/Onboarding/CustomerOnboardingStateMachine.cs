using Knapscen.Sagas.StateMachines.Contracts;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>
/// Drives one customer onboarding. Every step runs as a launched process or Job; its result comes back as
/// <see cref="StepSucceeded"/> or <see cref="StepFailed"/> through the durable intake.
/// </summary>
public sealed class CustomerOnboardingStateMachine : MassTransitStateMachine<CustomerOnboardingState>
{
    public CustomerOnboardingStateMachine()
    {
        InstanceState(x => x.CurrentState);

        Event(() => Registered, x =>
        {
            x.CorrelateById(context => context.Message.CustomerId);
            // Two copies of the first event racing each other: one inserts, the other loads and is ignored.
            x.InsertOnInitial = true;
            x.SetSagaFactory(context => new CustomerOnboardingState { CorrelationId = context.Message.CustomerId });
        });
        // A result can overtake the commit of the transaction that launched its step: fault, so the intake
        // redelivers it later; one that never finds its saga ends on the dead-letter subject, recorded, not lost.
        Event(() => StepSucceeded, x =>
        {
            x.CorrelateById(context => context.Message.SagaId);
            x.OnMissingInstance(m => m.Fault());
        });
        Event(() => StepFailed, x =>
        {
            x.CorrelateById(context => context.Message.SagaId);
            x.OnMissingInstance(m => m.Fault());
        });

        Initially(
            When(Registered)
                .Then(context => context.Saga.AcceptRegistration(context.Message, context.Now()))
                .StartStep(StepNames.RegisterCustomer)
                .IfElse(context => context.Saga.HasFailedToLaunch(StepNames.RegisterCustomer),
                    failed => failed.Finish(Failed),
                    launched => launched.TransitionTo(RegisteringCustomer)));

        During(RegisteringCustomer,
            When(StepSucceeded, context => context.Saga.IsCurrentAttempt(context.Message.Step, context.Message.UserIndex, context.Message.LaunchId))
                .Then(context => context.Saga.RecordSuccess(context.Message, context.Now()))
                .Finish(Completed),
            When(StepFailed, context => context.Saga.IsCurrentAttempt(context.Message.Step, context.Message.UserIndex, context.Message.LaunchId))
                .Then(context => context.Saga.RecordFailure(context.Message, context.Now()))
                .Finish(Failed));

        DuringAny(
            // A second copy of the registration (a new event id for the same customer) changes nothing.
            Ignore(Registered),
            When(StepSucceeded, context => context.Saga.IsAheadOfRecord(context.Message.Step, context.Message.UserIndex, context.Message.Attempt))
                .Then(context => throw new StepResultArrivedEarlyException(context.Saga.CorrelationId, context.Message.LaunchId)),
            When(StepFailed, context => context.Saga.IsAheadOfRecord(context.Message.Step, context.Message.UserIndex, context.Message.Attempt))
                .Then(context => throw new StepResultArrivedEarlyException(context.Saga.CorrelationId, context.Message.LaunchId)));
    }

    public State RegisteringCustomer { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public Event<CustomerRegistered> Registered { get; private set; } = null!;

    public Event<StepSucceeded> StepSucceeded { get; private set; } = null!;

    public Event<StepFailed> StepFailed { get; private set; } = null!;
}
