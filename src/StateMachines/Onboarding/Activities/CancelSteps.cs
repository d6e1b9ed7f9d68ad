using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding.Activities;

/// <summary>Operator Cancel: every unfinished run is cancelled and running launches are stopped; nothing is undone.</summary>
internal sealed class CancelSteps(IStepCanceller canceller, TimeProvider clock) : OnboardingActivity
{
    protected override string Name => "cancel-steps";

    protected override async Task RunAsync(BehaviorContext<CustomerOnboardingState> context)
    {
        if (OnboardingPlanner.Cancel(context.Saga, clock.GetUtcNow()).Count > 0)
        {
            await canceller.CancelSagaJobsAsync(context.Saga.CorrelationId, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
