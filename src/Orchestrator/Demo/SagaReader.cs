using System.Text.Json;
using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.StateMachines.Onboarding;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Demo;

/// <summary>Reads one saga row the way an operator would, straight from the table.</summary>
internal sealed class SagaReader(string connectionString)
{
    public async Task<SagaSnapshot?> ReadAsync(Guid sagaId, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_state, last_error, steps_json, finished_at FROM onboarding_sagas WHERE correlation_id = @id";
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var steps = JsonSerializer.Deserialize<List<StepRun>>(reader.GetString(2), SagaJson.Options) ?? [];
        return new SagaSnapshot(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            [.. steps.Select(run => new StepSnapshot(run.Step, run.UserIndex, run.Attempt, run.Status.ToString(), run.LastError))],
            reader.IsDBNull(3) ? null : reader.GetDateTime(3));
    }

    public async Task<long> CountAsync(string sql, Guid sagaId, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
