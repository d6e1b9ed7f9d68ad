using Knapscen.Sagas.Adapters.Nats.DeadLetters;
using Knapscen.Sagas.Persistence.Reading;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Live;

/// <summary>
/// A short text per live scope that changes whenever what a page shows may have changed: cheap enough to ask every
/// second per open page (an index lookup, or the dead-letter stream's counters).
/// </summary>
internal sealed class ChangeStamps(SagaTableReader table, DeadLetterStore deadLetters)
{
    public async Task<string> ReadAsync(LiveScope scope, CancellationToken cancellationToken) => scope.Kind switch
    {
        LiveScopeKind.DeadLetters => await deadLetters.StampAsync(cancellationToken).ConfigureAwait(false),
        LiveScopeKind.Saga => await ScalarAsync(
            "SELECT CONCAT(version, '@', updated_at) FROM onboarding_sagas WHERE correlation_id = @id", scope.SagaId, cancellationToken).ConfigureAwait(false),
        // An insert sets updated_at too, so the newest updated_at and the count change with every saga transition.
        _ => await ScalarAsync("SELECT CONCAT(COUNT(*), '@', IFNULL(MAX(updated_at), '')) FROM onboarding_sagas", null, cancellationToken).ConfigureAwait(false),
    };

    private async Task<string> ScalarAsync(string sql, Guid? sagaId, CancellationToken cancellationToken)
    {
        await using var connection = await table.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@id", sagaId?.ToString());
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) ?? "none";
    }
}
