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
        // A result for a saga that does not exist cannot move anything; the intake inbox still records it.
        Event(() => StepSucceeded, x =>
        {
            x.CorrelateById(context => context.Message.SagaId);
            x.OnMissingInstance(m => m.Discard());
        });
        Event(() => StepFailed, x =>
        {
            x.CorrelateById(context => context.Message.SagaId);
            x.OnMissingInstance(m => m.Discard());
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

        // A second copy of the registration, or a result for an attempt that is no longer current, changes nothing.
        DuringAny(
            Ignore(Registered),
            Ignore(StepSucceeded),
            Ignore(StepFailed));
    }

    public State RegisteringCustomer { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public Event<CustomerRegistered> Registered { get; private set; } = null!;

    public Event<StepSucceeded> StepSucceeded { get; private set; } = null!;

    public Event<StepFailed> StepFailed { get; private set; } = null!;
}
