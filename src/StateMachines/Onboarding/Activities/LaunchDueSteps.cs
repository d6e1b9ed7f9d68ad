using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding.Activities;

/// <summary>Launches the forward runs that are due: the current phase's new runs and retries whose backoff passed.</summary>
internal sealed class LaunchDueSteps(OnboardingPlanner planner, StepDispatcher dispatcher, TimeProvider clock) : OnboardingActivity
{
    protected override string Name => "launch-due-steps";

    protected override Task RunAsync(BehaviorContext<CustomerOnboardingState> context) =>
        dispatcher.StartAllAsync(context.Saga, planner.DueForwardRuns(context.Saga, clock.GetUtcNow()), context.CancellationToken);
}
