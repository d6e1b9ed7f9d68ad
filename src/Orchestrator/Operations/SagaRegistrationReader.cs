namespace Knapscen.Sagas.Orchestrator.Operations;

/// <summary>Reads <see cref="SagaRegistration"/> for the saga detail page.</summary>
internal sealed class SagaRegistrationReader(string connectionString)
{
    public Task<SagaRegistration?> ReadAsync(Guid sagaId, CancellationToken cancellationToken) =>
        SagaRegistration.ReadAsync(connectionString, sagaId, cancellationToken);
}
