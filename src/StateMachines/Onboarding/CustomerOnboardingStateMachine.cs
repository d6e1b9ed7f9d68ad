using Knapscen.Sagas.StateMachines.Contracts;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>
/// One customer onboarding. Forward: register the customer, register every user, then welcome emails, marketing
/// notice and swag order in parallel, then CRM touchpoints for the account owner; Completed publishes
/// customer-onboarded. A step that fails for good turns the saga to compensation: completed steps are undone in
/// reverse order (Compensated publishes customer-onboarding-failed); a compensation that fails for good leaves the
/// saga in NeedsAttention for an operator. Every step result comes back through the durable intake; time-outs and
/// retry backoffs are deadlines on the saga row fired by the deadline scanner (DeadlinesDue).
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
        Event(() => DeadlinesDue, x =>
        {
            x.CorrelateById(context => context.Message.SagaId);
            x.OnMissingInstance(m => m.Discard());
        });
        Event(() => Retry, x =>
        {
            x.CorrelateById(context => context.Message.SagaId);
            x.OnMissingInstance(m => m.ExecuteAsync(context => context.RespondAsync(new SagaNotFound(context.Message.SagaId))));
        });
        Event(() => Compensate, x =>
        {
            x.CorrelateById(context => context.Message.SagaId);
            x.OnMissingInstance(m => m.ExecuteAsync(context => context.RespondAsync(new SagaNotFound(context.Message.SagaId))));
        });
        Event(() => Cancel, x =>
        {
            x.CorrelateById(context => context.Message.SagaId);
            x.OnMissingInstance(m => m.ExecuteAsync(context => context.RespondAsync(new SagaNotFound(context.Message.SagaId))));
        });

        Initially(
            When(Registered)
                .Then(context => context.Saga.AcceptRegistration(context.Message, context.Now()))
                .Advance()
                .TransitionToProgress(this));

        During(RegisteringCustomer, RegisteringUsers, Welcoming, CreatingTouchpoints,
            [.. StepProgress(),
            When(Retry)
                .IfElse(context => context.Engine().ScheduleRetryOfStuckSteps(context.Saga),
                    retried => retried
                        .Noted("retry")
                        .Advance()
                        .TransitionToProgress(this)
                        .Accept("failed or stuck steps started a new attempt"),
                    nothing => nothing.Refuse(_ => "no step is failed or past its deadline; the onboarding is progressing")),
            When(Compensate)
                .Noted("compensate")
                .Then(context => context.Engine().BeginCompensation(context.Saga, $"compensation requested by {context.Message.RequestedBy}: {context.Message.Reason}"))
                .Advance()
                .TransitionToProgress(this)
                .Accept("compensation started"),
            When(Cancel)
                .Noted("cancel")
                .CancelSteps()
                .TransitionTo(Cancelled)
                .Accept("cancelled; nothing was undone")]);

        During(Compensating,
            [.. StepProgress(),
            When(Retry)
                .Refuse(_ => "the saga is compensating; wait for it to finish, or cancel it"),
            When(Compensate)
                .Refuse(_ => "the saga is already compensating"),
            When(Cancel)
                .Noted("cancel")
                .CancelSteps()
                .TransitionTo(Cancelled)
                .Accept("cancelled during compensation; what was not yet undone stays")]);

        During(NeedsAttention,
            When(Retry)
                .Noted("retry")
                .Then(context => context.Engine().ResumeForward(context.Saga))
                .Advance()
                .TransitionToProgress(this)
                .Accept("the onboarding goes forward again from the first step not done"),
            When(Compensate)
                .Noted("compensate")
                .Then(context => context.Engine().RetryFailedCompensations(context.Saga))
                .Advance()
                .TransitionToProgress(this)
                .Accept("failed compensations started a new attempt"),
            When(Cancel)
                .Noted("cancel")
                .CancelSteps()
                .TransitionTo(Cancelled)
                .Accept("cancelled; what was not yet undone stays"),
            // Nothing runs in NeedsAttention; a deadline here is stale.
            Ignore(DeadlinesDue));

        During(Completed, Compensated, Cancelled,
            When(Retry).Refuse(context => $"the saga is {context.Saga.CurrentState}; there is nothing to retry"),
            When(Compensate).Refuse(context => $"the saga is {context.Saga.CurrentState}; only an unfinished onboarding can be compensated"),
            When(Cancel).Refuse(context => $"the saga is {context.Saga.CurrentState}; there is nothing to cancel"),
            Ignore(DeadlinesDue));

        WhenEnter(Completed, x => x.Finish().PublishOnboarded());
        WhenEnter(Compensated, x => x.Finish().PublishOnboardingFailed());
        WhenEnter(Cancelled, x => x.Finish());

        // A second registration for the same customer (a new event id; the inbox drops same-id copies) changes nothing.
        // Not DuringAny: that includes Initial, where the first registration is handled.
        During(RegisteringCustomer, RegisteringUsers, Welcoming, CreatingTouchpoints,
            When(Registered).Then(context => context.Saga.CountIgnored()));
        During(Compensating, NeedsAttention,
            When(Registered).Then(context => context.Saga.CountIgnored()));
        During(Completed, Compensated, Cancelled,
            When(Registered).Then(context => context.Saga.CountIgnored()));

        DuringAny(
            When(StepSucceeded, context => context.IsAhead())
                .Then(context => throw new StepResultArrivedEarlyException(context.Saga.CorrelationId, context.Message.LaunchId)),
            When(StepFailed, context => context.IsAhead())
                .Then(context => throw new StepResultArrivedEarlyException(context.Saga.CorrelationId, context.Message.LaunchId)),
            // Results of earlier attempts, or repeated ones: counted, never acted on.
            When(StepSucceeded, context => context.IsLate()).Then(context => context.Saga.CountIgnored()),
            When(StepFailed, context => context.IsLate()).Then(context => context.Saga.CountIgnored()));
    }

    public State RegisteringCustomer { get; private set; } = null!;

    public State RegisteringUsers { get; private set; } = null!;

    public State Welcoming { get; private set; } = null!;

    public State CreatingTouchpoints { get; private set; } = null!;

    public State Compensating { get; private set; } = null!;

    public State NeedsAttention { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Compensated { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<CustomerRegistered> Registered { get; private set; } = null!;

    public Event<StepSucceeded> StepSucceeded { get; private set; } = null!;

    public Event<StepFailed> StepFailed { get; private set; } = null!;

    public Event<DeadlinesDue> DeadlinesDue { get; private set; } = null!;

    public Event<RetrySaga> Retry { get; private set; } = null!;

    public Event<CompensateSaga> Compensate { get; private set; } = null!;

    public Event<CancelSaga> Cancel { get; private set; } = null!;

    /// <summary>How a step result or a passed deadline moves a saga that has steps in flight, forward or compensating.</summary>
    private EventActivities<CustomerOnboardingState>[] StepProgress() =>
    [
        When(StepSucceeded, context => context.IsCurrent())
            .RecordSuccess()
            .Advance()
            .TransitionToProgress(this),
        When(StepFailed, context => context.IsCurrent())
            .RecordFailure()
            .Advance()
            .TransitionToProgress(this),
        When(DeadlinesDue)
            .RecordTimeouts()
            .Advance()
            .TransitionToProgress(this),
    ];

    internal State StateOf(OnboardingProgress progress) => progress switch
    {
        OnboardingProgress.RegisteringCustomer => RegisteringCustomer,
        OnboardingProgress.RegisteringUsers => RegisteringUsers,
        OnboardingProgress.Welcoming => Welcoming,
        OnboardingProgress.CreatingTouchpoints => CreatingTouchpoints,
        OnboardingProgress.Completed => Completed,
        OnboardingProgress.Compensating => Compensating,
        OnboardingProgress.Compensated => Compensated,
        OnboardingProgress.NeedsAttention => NeedsAttention,
        _ => throw new ArgumentOutOfRangeException(nameof(progress), progress, "no state for this progress"),
    };
}
