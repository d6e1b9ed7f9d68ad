using Knapscen.Sagas.Persistence.Reading;

namespace Knapscen.Sagas.Orchestrator.Operations;

/// <summary>Reads <see cref="SagaRegistration"/> for the saga detail page.</summary>
internal sealed class SagaRegistrationReader(SagaTableReader table)
{
    public Task<SagaRegistration?> ReadAsync(Guid sagaId, CancellationToken cancellationToken) =>
        SagaRegistration.ReadAsync(table, sagaId, cancellationToken);
}
