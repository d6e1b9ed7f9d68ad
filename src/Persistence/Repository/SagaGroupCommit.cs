using Knapscen.Sagas.StateMachines.GroupCommit;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>Opens group transactions on the saga database.</summary>
internal sealed class SagaGroupCommit(IServiceScopeFactory scopes) : ISagaGroupCommit
{
    public async Task<ISagaGroupTransaction> BeginAsync(CancellationToken cancellationToken) =>
        await SagaGroupTransaction.BeginAsync(scopes, cancellationToken).ConfigureAwait(false);
}
