using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>Finds and locks the sagas an event correlated by query applies to.</summary>
internal static class QueryLocker
{
    /// <summary>
    /// LINQ cannot express FOR UPDATE, so matching ids are read first and each row is then locked by primary key,
    /// in one fixed order so two queries over the same sagas cannot deadlock. A row that changed before it was locked
    /// is checked against the filter again.
    /// </summary>
    public static async Task<IReadOnlyList<CustomerOnboardingState>> LockMatchingAsync(
        SagaUnitOfWork unit,
        ISagaQuery<CustomerOnboardingState> query,
        CancellationToken ct)
    {
        var ids = await unit.Db.OnboardingSagas
            .AsNoTracking()
            .Where(query.FilterExpression)
            .Select(saga => saga.CorrelationId)
            .ToListAsync(ct)
            .ConfigureAwait(false);

        var filter = query.GetFilter();
        var instances = new List<CustomerOnboardingState>(ids.Count);
        foreach (var id in ids.OrderBy(id => id.ToString(), StringComparer.Ordinal))
        {
            var instance = await unit.LockAsync(id, ct).ConfigureAwait(false);
            if (instance is not null && filter(instance))
            {
                instances.Add(instance);
            }
        }

        return instances;
    }
}
