using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding.Activities;

/// <summary>Tells the world the customer is onboarded (customer-onboarded).</summary>
internal sealed class PublishOnboarded(IOnboardingOutcomePublisher publisher) : OnboardingActivity
{
    protected override string Name => "publish-onboarded";

    protected override Task RunAsync(BehaviorContext<CustomerOnboardingState> context) =>
        publisher.PublishOnboardedAsync(context.Saga, context.CancellationToken);
}
