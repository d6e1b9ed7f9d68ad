using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding.Activities;
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
        Event(() => OutputReported, x =>
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
                .TransitionTo(RegisteringCustomer));

        // The forward path. Each phase launches its steps when entered and hands over once all its step instances
        // succeeded (a phase with nothing to do hands over at once); a step that failed for good turns to compensation.
        Phase(RegisteringCustomer, OnboardingPhase.RegisteringCustomer, next: RegisteringUsers, onFailure: Compensating);
        Phase(RegisteringUsers, OnboardingPhase.RegisteringUsers, next: Welcoming, onFailure: Compensating);
        Phase(Welcoming, OnboardingPhase.Welcoming, next: CreatingTouchpoints, onFailure: Compensating);
        Phase(CreatingTouchpoints, OnboardingPhase.CreatingTouchpoints, next: Completed, onFailure: Compensating);

        // Compensation: running forward steps are stopped, then completed steps are undone one at a time, newest first.
        WhenEnter(Compensating, x => x
            .Then(context => OnboardingPlanner.BeginCompensation(context.Saga))
            .Activity(a => a.OfType<StopRunningSteps>())
            .Continue(binder => Undo(binder)));

        During(Compensating,
            When(StepSucceeded, context => context.IsCurrent())
                .RecordSuccess()
                .Continue(binder => Undo(binder)),
            When(StepFailed, context => context.IsCurrent())
                .RecordFailure()
                .Continue(binder => Undo(binder)),
            When(DeadlinesDue)
                .RecordTimeouts()
                .Continue(binder => Undo(binder)),
            When(Retry)
                .Refuse(_ => "the saga is compensating; wait for it to finish, or cancel it"),
            When(Compensate)
                .Refuse(_ => "the saga is already compensating"),
            When(Cancel)
                .Noted("cancel")
                .Activity(a => a.OfInstanceType<CancelSteps>())
                .TransitionTo(Cancelled)
                .Accept("cancelled during compensation; what was not yet undone stays"));

        // A compensation failed for good: nothing runs until an operator decides.
        During(NeedsAttention,
            When(Retry)
                .Noted("retry")
                .Then(context => OnboardingPlanner.ResumeForward(context.Saga, context.Now()))
                // From the first phase: the phases that are still done hand over at once.
                .TransitionTo(RegisteringCustomer)
                .Accept("the onboarding goes forward again from the first step not done"),
            When(Compensate)
                .Noted("compensate")
                .Then(context => OnboardingPlanner.RetryFailedCompensations(context.Saga, context.Now()))
                .TransitionTo(Compensating)
                .Accept("failed compensations started a new attempt"),
            When(Cancel)
                .Noted("cancel")
                .Activity(a => a.OfInstanceType<CancelSteps>())
                .TransitionTo(Cancelled)
                .Accept("cancelled; what was not yet undone stays"),
            // Nothing runs in NeedsAttention; a deadline here is stale.
            Ignore(DeadlinesDue));

        During(Completed, Compensated, Cancelled,
            When(Retry).Refuse(context => $"the saga is {context.Saga.CurrentState}; there is nothing to retry"),
            When(Compensate).Refuse(context => $"the saga is {context.Saga.CurrentState}; only an unfinished onboarding can be compensated"),
            When(Cancel).Refuse(context => $"the saga is {context.Saga.CurrentState}; there is nothing to cancel"),
            Ignore(DeadlinesDue));

        WhenEnter(Completed, x => x.Finish().Activity(a => a.OfType<PublishOnboarded>()));
        WhenEnter(Compensated, x => x.Finish().Activity(a => a.OfType<PublishOnboardingFailed>()));
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
            // A launch's own result event is kept on its run, for later steps' templates; it decides nothing by itself.
            When(OutputReported).Then(context => StepOutputs.Record(context.Saga, context.Message, context.Now())),
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

    public Event<StepOutputReported> OutputReported { get; private set; } = null!;

    public Event<DeadlinesDue> DeadlinesDue { get; private set; } = null!;

    public Event<RetrySaga> Retry { get; private set; } = null!;

    public Event<CompensateSaga> Compensate { get; private set; } = null!;

    public Event<CancelSaga> Cancel { get; private set; } = null!;

    /// <summary>
    /// One phase of the forward path: entering it launches its steps; a result or a passed deadline is recorded and
    /// the saga moves on to <paramref name="next"/> when the phase is done, or to <paramref name="onFailure"/> when a
    /// step failed for good (a launch refused for good counts). Operator commands: Retry starts failed or stuck steps
    /// again, Compensate turns back, Cancel stops.
    /// </summary>
    private void Phase(State phaseState, OnboardingPhase phase, State next, State onFailure)
    {
        WhenEnter(phaseState, x => MoveOn(x, phase, next, onFailure));

        During(phaseState,
            When(StepSucceeded, context => context.IsCurrent())
                .RecordSuccess()
                .Continue(binder => MoveOn(binder, phase, next, onFailure)),
            When(StepFailed, context => context.IsCurrent())
                .RecordFailure()
                .Continue(binder => MoveOn(binder, phase, next, onFailure)),
            When(DeadlinesDue)
                .RecordTimeouts()
                .Continue(binder => MoveOn(binder, phase, next, onFailure)),
            When(Retry)
                .IfElse(HasStuckSteps,
                    retried => retried
                        .Noted("retry")
                        .Then(context => OnboardingPlanner.RetryStuckSteps(context.Saga, context.Now()))
                        .Continue(binder => MoveOn(binder, phase, next, onFailure))
                        .Accept("failed or stuck steps started a new attempt"),
                    nothing => nothing.Refuse(_ => "no step is failed or past its deadline; the onboarding is progressing")),
            When(Compensate)
                .Noted("compensate")
                .Then(context => OnboardingPlanner.BeginCompensation(context.Saga, $"compensation requested by {context.Message.RequestedBy}: {context.Message.Reason}"))
                .TransitionTo(Compensating)
                .Accept("compensation started"),
            When(Cancel)
                .Noted("cancel")
                .Activity(a => a.OfInstanceType<CancelSteps>())
                .TransitionTo(Cancelled)
                .Accept("cancelled; nothing was undone"));
    }

    /// <summary>Launches the forward steps that are due; then a step failed for good turns to compensation, a finished phase hands over.</summary>
    private static EventActivityBinder<CustomerOnboardingState> MoveOn(EventActivityBinder<CustomerOnboardingState> binder, OnboardingPhase phase, State next, State onFailure) =>
        binder
            .Activity(a => a.OfType<LaunchDueSteps>())
            .IfElse(StepFailedForGood, failed => failed.TransitionTo(onFailure),
                going => going.If(context => IsDone(context, phase), done => done.TransitionTo(next)));

    private static EventActivityBinder<CustomerOnboardingState, T> MoveOn<T>(EventActivityBinder<CustomerOnboardingState, T> binder, OnboardingPhase phase, State next, State onFailure)
        where T : class =>
        binder
            .Activity(a => a.OfInstanceType<LaunchDueSteps>())
            .IfElse(StepFailedForGood, failed => failed.TransitionTo(onFailure),
                going => going.If(context => IsDone(context, phase), done => done.TransitionTo(next)));

    /// <summary>Launches the compensation that is due; then a compensation failed for good needs attention, nothing left to undo is compensated.</summary>
    private EventActivityBinder<CustomerOnboardingState> Undo(EventActivityBinder<CustomerOnboardingState> binder) =>
        binder
            .Activity(a => a.OfType<LaunchDueCompensations>())
            .IfElse(CompensationFailed, failed => failed.TransitionTo(NeedsAttention),
                going => going.If(NothingLeftToUndo, undone => undone.TransitionTo(Compensated)));

    private EventActivityBinder<CustomerOnboardingState, T> Undo<T>(EventActivityBinder<CustomerOnboardingState, T> binder)
        where T : class =>
        binder
            .Activity(a => a.OfInstanceType<LaunchDueCompensations>())
            .IfElse(CompensationFailed, failed => failed.TransitionTo(NeedsAttention),
                going => going.If(NothingLeftToUndo, undone => undone.TransitionTo(Compensated)));

    private static bool StepFailedForGood(BehaviorContext<CustomerOnboardingState> context) => OnboardingPlanner.StepFailedForGood(context.Saga);

    private static bool IsDone(BehaviorContext<CustomerOnboardingState> context, OnboardingPhase phase) => context.Planner().IsDone(context.Saga, phase);

    private static bool CompensationFailed(BehaviorContext<CustomerOnboardingState> context) => OnboardingPlanner.CompensationFailed(context.Saga);

    private static bool NothingLeftToUndo(BehaviorContext<CustomerOnboardingState> context) => OnboardingPlanner.NothingLeftToUndo(context.Saga);

    private static bool HasStuckSteps(BehaviorContext<CustomerOnboardingState> context) => OnboardingPlanner.HasStuckSteps(context.Saga, context.Now());
}
