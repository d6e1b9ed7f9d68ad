using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>Reads sagas outside any message: no transaction and no locks, the latest committed state.</summary>
internal sealed class SagaReadContext(SagaDbContext db, CancellationToken cancellationToken) :
    BasePipeContext(cancellationToken),
    LoadSagaRepositoryContext<CustomerOnboardingState>,
    QuerySagaRepositoryContext<CustomerOnboardingState>
{
    public Task<CustomerOnboardingState> Load(Guid correlationId) =>
        db.OnboardingSagas.AsNoTracking().SingleOrDefaultAsync(saga => saga.CorrelationId == correlationId, CancellationToken)!;

    public async Task<SagaRepositoryQueryContext<CustomerOnboardingState>> Query(
        ISagaQuery<CustomerOnboardingState> query,
        CancellationToken cancellationToken)
    {
        var ids = await db.OnboardingSagas
            .AsNoTracking()
            .Where(query.FilterExpression)
            .Select(saga => saga.CorrelationId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new DefaultSagaRepositoryQueryContext<CustomerOnboardingState>(this, ids);
    }
}
