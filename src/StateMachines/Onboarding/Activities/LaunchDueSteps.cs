using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding.Activities;

/// <summary>Launches the forward runs that are due (the current phase's new runs, retries whose backoff passed, runs waiting for a slot) within the running-step limits.</summary>
internal sealed class LaunchDueSteps(OnboardingPlanner planner, RunningStepLimiter limiter, TimeProvider clock) : OnboardingActivity
{
    protected override string Name => "launch-due-steps";

    protected override Task RunAsync(BehaviorContext<CustomerOnboardingState> context) =>
        limiter.StartAsync(context, context.Saga, planner.DueForwardRuns(context.Saga, clock.GetUtcNow()), context.CancellationToken);
}
