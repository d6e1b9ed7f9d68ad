using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding.Activities;

/// <summary>On turning to compensation: forward steps still running are stopped (their Jobs deleted) and will be undone too.</summary>
internal sealed class StopRunningSteps(IStepCanceller canceller, TimeProvider clock) : OnboardingActivity
{
    protected override string Name => "stop-running-steps";

    protected override async Task RunAsync(BehaviorContext<CustomerOnboardingState> context)
    {
        var running = OnboardingPlanner.RunningForwardRuns(context.Saga);
        if (running.Count == 0)
        {
            return;
        }

        await canceller.CancelSagaJobsAsync(context.Saga.CorrelationId, context.CancellationToken).ConfigureAwait(false);
        OnboardingPlanner.MarkInterrupted(context.Saga, running, clock.GetUtcNow());
    }
}
