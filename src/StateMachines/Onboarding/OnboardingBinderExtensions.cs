using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding;

internal static class OnboardingBinderExtensions
{
    /// <summary>Launches the current attempt of a (non-fan-out) step; the launch is idempotent, so redelivery is harmless.</summary>
    public static EventActivityBinder<CustomerOnboardingState, TMessage> StartStep<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder, string step)
        where TMessage : class =>
        binder.ThenAsync(context =>
            context.GetServiceOrCreateInstance<StepDispatcher>().StartAsync(context.Saga, step, userIndex: null, context.CancellationToken));

    public static EventActivityBinder<CustomerOnboardingState, TMessage> Finish<TMessage>(
        this EventActivityBinder<CustomerOnboardingState, TMessage> binder, State outcome)
        where TMessage : class =>
        binder.Then(context => context.Saga.FinishedAt = context.Now()).TransitionTo(outcome);

    public static DateTimeOffset Now<TMessage>(this BehaviorContext<CustomerOnboardingState, TMessage> context)
        where TMessage : class =>
        context.GetServiceOrCreateInstance<TimeProvider>().GetUtcNow();

}
