using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding.Activities;

/// <summary>Launches the compensation that is due (the next step to undo, newest success first, or a retry whose backoff passed) within the running-step limits.</summary>
internal sealed class LaunchDueCompensations(OnboardingPlanner planner, RunningStepLimiter limiter, TimeProvider clock) : OnboardingActivity
{
    protected override string Name => "launch-due-compensations";

    protected override Task RunAsync(BehaviorContext<CustomerOnboardingState> context) =>
        limiter.StartAsync(context, context.Saga, planner.DueCompensationRuns(context.Saga, clock.GetUtcNow()), context.CancellationToken);
}
