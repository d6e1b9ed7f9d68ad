using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;
using MassTransit.Saga;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>Backs <see cref="ILoadSagaRepository{TSaga}"/> and <see cref="IQuerySagaRepository{TSaga}"/>; resolved per scope.</summary>
internal sealed class SagaReadRepositoryContextFactory(SagaDbContext db) :
    ILoadSagaRepositoryContextFactory<CustomerOnboardingState>,
    IQuerySagaRepositoryContextFactory<CustomerOnboardingState>
{
    public void Probe(ProbeContext context) => context.Add("persistence", "mysql");

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<CustomerOnboardingState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new SagaReadContext(db, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<CustomerOnboardingState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new SagaReadContext(db, cancellationToken));
}
