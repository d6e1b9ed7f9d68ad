using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding.Activities;

/// <summary>Launches the compensation that is due: the next step to undo, newest success first, or a retry whose backoff passed.</summary>
internal sealed class LaunchDueCompensations(OnboardingPlanner planner, StepDispatcher dispatcher, TimeProvider clock) : OnboardingActivity
{
    protected override string Name => "launch-due-compensations";

    protected override Task RunAsync(BehaviorContext<CustomerOnboardingState> context) =>
        dispatcher.StartAllAsync(context.Saga, planner.DueCompensationRuns(context.Saga, clock.GetUtcNow()), context.CancellationToken);
}
