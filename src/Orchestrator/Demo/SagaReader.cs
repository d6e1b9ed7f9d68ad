using Knapscen.Sagas.Persistence.Reading;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Demo;

/// <summary>Follows one saga the way an operator would, through the saga table's reader.</summary>
internal sealed class SagaReader(string connectionString)
{
    private readonly SagaTableReader table = new(connectionString);

    public async Task<SagaSnapshot?> ReadAsync(Guid sagaId, CancellationToken cancellationToken) =>
        await table.ReadProgressAsync(sagaId, cancellationToken).ConfigureAwait(false) is { } row
            ? new SagaSnapshot(row.State, row.LastError, [.. row.Steps.Select(run => new StepSnapshot(run.Step, run.UserIndex, run.Attempt, run.Status.ToString(), run.LastError))], row.FinishedAt)
            : null;

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
