using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace Knapscen.Sagas.Persistence.StepLimits;

/// <summary>
/// MassTransit's saga consume context with the saga transaction's <see cref="SagaDbContext"/> as a payload, so an
/// activity's port (the running-step ledger) writes in the very transaction that commits the transition.
/// </summary>
internal sealed class SagaTransactionConsumeContextFactory : ISagaConsumeContextFactory<SagaDbContext, CustomerOnboardingState>
{
    public Task<SagaConsumeContext<CustomerOnboardingState, T>> CreateSagaConsumeContext<T>(
        SagaDbContext context, ConsumeContext<T> consumeContext, CustomerOnboardingState instance, SagaConsumeContextMode mode)
        where T : class =>
        Task.FromResult<SagaConsumeContext<CustomerOnboardingState, T>>(
            new DefaultSagaConsumeContext<CustomerOnboardingState, T>(new ConsumeContextScope<T>(consumeContext, context), instance));
}
