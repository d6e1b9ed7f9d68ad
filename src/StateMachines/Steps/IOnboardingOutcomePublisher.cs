using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Announces how an onboarding ended (customer-onboarded, customer-onboarding-failed). Called inside the saga
/// transaction: a redelivery publishes again under the same event id, which the receiving side deduplicates.
/// </summary>
public interface IOnboardingOutcomePublisher
{
    Task PublishOnboardedAsync(CustomerOnboardingState saga, CancellationToken cancellationToken);

    Task PublishFailedAsync(CustomerOnboardingState saga, CancellationToken cancellationToken);
}
