using System.Collections.Concurrent;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.StateMachines;

internal sealed class RecordingOutcomes : IOnboardingOutcomePublisher
{
    public ConcurrentQueue<(Guid SagaId, string Outcome)> Published { get; } = new();

    public Task PublishOnboardedAsync(CustomerOnboardingState saga, CancellationToken cancellationToken)
    {
        Published.Enqueue((saga.CorrelationId, "onboarded"));
        return Task.CompletedTask;
    }

    public Task PublishFailedAsync(CustomerOnboardingState saga, CancellationToken cancellationToken)
    {
        Published.Enqueue((saga.CorrelationId, "failed"));
        return Task.CompletedTask;
    }
}
