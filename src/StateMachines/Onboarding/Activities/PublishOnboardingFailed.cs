using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding.Activities;

/// <summary>Tells the world the onboarding failed and was undone (customer-onboarding-failed).</summary>
internal sealed class PublishOnboardingFailed(IOnboardingOutcomePublisher publisher) : OnboardingActivity
{
    protected override string Name => "publish-onboarding-failed";

    protected override Task RunAsync(BehaviorContext<CustomerOnboardingState> context) =>
        publisher.PublishFailedAsync(context.Saga, context.CancellationToken);
}
