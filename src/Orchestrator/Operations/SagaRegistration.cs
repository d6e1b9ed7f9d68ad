using Knapscen.Sagas.Persistence.Reading;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Operations;

/// <summary>What started a saga: the registration event's id, source, time and data as received.</summary>
public sealed record SagaRegistration(string EventId, string EventSource, DateTimeOffset? EventTime, string DataJson, int Version)
{
    internal static async Task<SagaRegistration?> ReadAsync(SagaTableReader table, Guid sagaId, CancellationToken cancellationToken)
    {
        await using var connection = await table.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand(
            """
            SELECT registration_event_id, registration_event_source, registration_event_time, registration_data_json, version
            FROM onboarding_sagas WHERE correlation_id = @id
            """, connection);
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SagaRegistration(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)),
            reader.GetString(3),
            reader.GetInt32(4));
    }
}
