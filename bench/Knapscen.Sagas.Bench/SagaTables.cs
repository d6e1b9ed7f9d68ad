using Knapscen.Sagas.StateMachines.Onboarding;
using MySqlConnector;

namespace Knapscen.Sagas.Bench;

/// <summary>What the orchestrator wrote, read from its own tables: the ground truth for counts and completion.</summary>
internal sealed class SagaTables(string connectionString)
{
    // The states whose entry sets finished_at, counted on the current_state index: the run polls ten times a second,
    // and a scan of the whole table for finished_at took the server 4 to 9 ms of CPU each time at 6,000 sagas, load
    // the benchmark would have put on the machine it measures.
    private static readonly string CountFinishedSql = FinishedStatesQuery(new CustomerOnboardingStateMachine());

    public Task<long> CountFinishedAsync(CancellationToken cancellationToken) => ScalarAsync(CountFinishedSql, cancellationToken);

    /// <summary>One inbox row per event applied to a saga: the number of saga transitions.</summary>
    public Task<long> CountProcessedEventsAsync(CancellationToken cancellationToken) =>
        ScalarAsync("SELECT COUNT(*) FROM processed_events", cancellationToken);

    public Task<long> CountHistoryRowsAsync(CancellationToken cancellationToken) =>
        ScalarAsync("SELECT COUNT(*) FROM saga_step_history", cancellationToken);

    public async Task<Dictionary<Guid, (string State, DateTime? FinishedAtUtc)>> ReadSagasAsync(CancellationToken cancellationToken)
    {
        var sagas = new Dictionary<Guid, (string, DateTime?)>();
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand("SELECT correlation_id, current_state, finished_at FROM onboarding_sagas", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            DateTime? finished = reader.IsDBNull(2) ? null : DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
            sagas[reader.GetGuid(0)] = (reader.GetString(1), finished);
        }

        return sagas;
    }

    private static string FinishedStatesQuery(CustomerOnboardingStateMachine machine) =>
        $"SELECT COUNT(*) FROM onboarding_sagas WHERE current_state IN ('{machine.Completed.Name}', '{machine.Compensated.Name}', '{machine.Cancelled.Name}')";

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
