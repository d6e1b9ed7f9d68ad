using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>The onboarding machine's vocabulary: the repeated chains, each doing its I/O through DI-resolved services.</summary>
internal static class OnboardingBinderExtensions
{
    public static EventActivityBinder<CustomerOnboardingState, TMessage> Advance<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder)
        where TMessage : class =>
        binder.ThenAsync(async context =>
            context.Saga.Progress = await context.Engine().AdvanceAsync(context.Saga, launch: context.Message is not OperatorCommand, context.CancellationToken).ConfigureAwait(false));

    /// <summary>Goes to the state that matches where the engine left the saga.</summary>
    public static EventActivityBinder<CustomerOnboardingState, TMessage> TransitionToProgress<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder, CustomerOnboardingStateMachine machine)
        where TMessage : class =>
        Enum.GetValues<OnboardingProgress>().Aggregate(binder, (chain, progress) =>
            chain.If(context => context.Saga.Progress == progress, then => then.TransitionTo(machine.StateOf(progress))));

    public static EventActivityBinder<CustomerOnboardingState, TMessage> RecordSuccess<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder)
        where TMessage : class, IStepResultMessage =>
        binder.Then(context =>
        {
            context.GetOrAddPayload(() => new ResultApplied());
            context.Engine().RecordSuccess(context.Saga, context.Message.Step, context.Message.UserIndex);
        });

    public static EventActivityBinder<CustomerOnboardingState, StepFailed> RecordFailure(
        this EventActivityBinder<CustomerOnboardingState, StepFailed> binder) =>
        binder.Then(context =>
        {
            context.GetOrAddPayload(() => new ResultApplied());
            context.Engine().RecordFailure(context.Saga, context.Message.Step, context.Message.UserIndex, context.Message.Reason);
        });

    public static EventActivityBinder<CustomerOnboardingState, DeadlinesDue> RecordTimeouts(
        this EventActivityBinder<CustomerOnboardingState, DeadlinesDue> binder) =>
        binder.Then(context => context.Engine().RecordTimeouts(context.Saga));

    public static EventActivityBinder<CustomerOnboardingState, TMessage> CancelSteps<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder)
        where TMessage : class =>
        binder.ThenAsync(async context =>
        {
            var stopped = context.Engine().Cancel(context.Saga);
            if (stopped.Count > 0)
            {
                await context.GetServiceOrCreateInstance<IStepCanceller>()
                    .CancelSagaJobsAsync(context.Saga.CorrelationId, context.CancellationToken)
                    .ConfigureAwait(false);
            }
        });

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

    public static EventActivityBinder<CustomerOnboardingState> PublishOnboarded(this EventActivityBinder<CustomerOnboardingState> binder) =>
        binder.ThenAsync(context => context.GetServiceOrCreateInstance<IOnboardingOutcomePublisher>().PublishOnboardedAsync(context.Saga, context.CancellationToken));

    public static EventActivityBinder<CustomerOnboardingState> PublishOnboardingFailed(this EventActivityBinder<CustomerOnboardingState> binder) =>
        binder.ThenAsync(context => context.GetServiceOrCreateInstance<IOnboardingOutcomePublisher>().PublishFailedAsync(context.Saga, context.CancellationToken));

    public static bool IsCurrent<TMessage>(this BehaviorContext<CustomerOnboardingState, TMessage> context)
        where TMessage : class, IStepResultMessage =>
        context.Saga.IsCurrentAttempt(context.Message.Step, context.Message.UserIndex, context.Message.LaunchId);

    public static bool IsAhead<TMessage>(this BehaviorContext<CustomerOnboardingState, TMessage> context)
        where TMessage : class, IStepResultMessage =>
        context.Saga.IsAheadOfRecord(context.Message.Step, context.Message.UserIndex, context.Message.Attempt);

    public static bool IsLate<TMessage>(this BehaviorContext<CustomerOnboardingState, TMessage> context)
        where TMessage : class, IStepResultMessage =>
        !context.TryGetPayload<ResultApplied>(out _) && !context.IsCurrent() && !context.IsAhead();

    public static OnboardingEngine Engine(this ConsumeContext context) => context.GetServiceOrCreateInstance<OnboardingEngine>();

    public static DateTimeOffset Now(this ConsumeContext context) => context.GetServiceOrCreateInstance<TimeProvider>().GetUtcNow();

    /// <summary>Marks a result applied in this transition, so the late-result check that runs after it does not count it.</summary>
    private sealed class ResultApplied;
}
