using Knapscen.Sagas.StateMachines.Contracts;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>The onboarding machine's vocabulary: the repeated chains that only change the saga's data or answer; I/O is in Activities.</summary>
internal static class OnboardingBinderExtensions
{
    public static EventActivityBinder<CustomerOnboardingState, TMessage> RecordSuccess<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder)
        where TMessage : class, IStepResultMessage =>
        binder.Then(context =>
        {
            context.GetOrAddPayload(() => new ResultApplied());
            context.Planner().RecordSuccess(context.Saga, context.Message.Step, context.Message.UserIndex, context.Now());
        });

    public static EventActivityBinder<CustomerOnboardingState, StepFailed> RecordFailure(
        this EventActivityBinder<CustomerOnboardingState, StepFailed> binder) =>
        binder.Then(context =>
        {
            context.GetOrAddPayload(() => new ResultApplied());
            context.Planner().RecordFailure(context.Saga, context.Message.Step, context.Message.UserIndex, context.Message.Reason, context.Now());
        });

    public static EventActivityBinder<CustomerOnboardingState, DeadlinesDue> RecordTimeouts(
        this EventActivityBinder<CustomerOnboardingState, DeadlinesDue> binder) =>
        binder.Then(context => context.Planner().RecordTimeouts(context.Saga, context.Now()));

    /// <summary>Who asked for what and why, on the saga's record.</summary>
    public static EventActivityBinder<CustomerOnboardingState, TMessage> Noted<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder, string command)
        where TMessage : OperatorCommand =>
        binder.Then(context => context.Saga.Note(context.Now(), command, context.Message.RequestedBy, context.Message.Reason));

    public static EventActivityBinder<CustomerOnboardingState, TMessage> Accept<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder, string what)
        where TMessage : OperatorCommand =>
        binder.RespondAsync(context => Task.FromResult(new SagaCommandAccepted(context.Saga.CorrelationId, context.Saga.CurrentState, what)));

    public static EventActivityBinder<CustomerOnboardingState, TMessage> Refuse<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder, Func<BehaviorContext<CustomerOnboardingState, TMessage>, string> reason)
        where TMessage : OperatorCommand =>
        binder.RespondAsync(context => Task.FromResult(new SagaCommandRefused(context.Saga.CorrelationId, context.Saga.CurrentState, reason(context))));

    public static EventActivityBinder<CustomerOnboardingState> Finish(this EventActivityBinder<CustomerOnboardingState> binder) =>
        binder.Then(context =>
        {
            context.Saga.FinishedAt = context.GetServiceOrCreateInstance<TimeProvider>().GetUtcNow();
            // A finished saga has nothing left to time out.
            context.Saga.NextDeadline = null;
        });

    /// <summary>Continues the chain with a chain the machine names, so a repeated path is written once.</summary>
    public static EventActivityBinder<CustomerOnboardingState, TMessage> Continue<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder,
        Func<EventActivityBinder<CustomerOnboardingState, TMessage>, EventActivityBinder<CustomerOnboardingState, TMessage>> chain)
        where TMessage : class =>
        chain(binder);

    public static EventActivityBinder<CustomerOnboardingState> Continue(
        this EventActivityBinder<CustomerOnboardingState> binder,
        Func<EventActivityBinder<CustomerOnboardingState>, EventActivityBinder<CustomerOnboardingState>> chain) =>
        chain(binder);

    public static bool IsCurrent<TMessage>(this BehaviorContext<CustomerOnboardingState, TMessage> context)
        where TMessage : class, IStepResultMessage =>
        context.Saga.IsCurrentAttempt(context.Message.Step, context.Message.UserIndex, context.Message.LaunchId);

    public static bool IsAhead<TMessage>(this BehaviorContext<CustomerOnboardingState, TMessage> context)
        where TMessage : class, IStepResultMessage =>
        context.Saga.IsAheadOfRecord(context.Message.Step, context.Message.UserIndex, context.Message.Attempt);

    public static bool IsLate<TMessage>(this BehaviorContext<CustomerOnboardingState, TMessage> context)
        where TMessage : class, IStepResultMessage =>
        !context.TryGetPayload<ResultApplied>(out _) && !context.IsCurrent() && !context.IsAhead();

    public static OnboardingPlanner Planner(this ConsumeContext context) => context.GetServiceOrCreateInstance<OnboardingPlanner>();

    public static DateTimeOffset Now(this ConsumeContext context) => context.GetServiceOrCreateInstance<TimeProvider>().GetUtcNow();

    /// <summary>Marks a result applied in this transition, so the late-result check that runs after it does not count it.</summary>
    private sealed class ResultApplied;
}
