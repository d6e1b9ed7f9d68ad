using System.Text.Json;
using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.Persistence.Reading;
using Knapscen.Sagas.StateMachines.Onboarding;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Operations;

/// <summary>The operator's view of sagas (CLI and HTTP API), read without locks on the saga table's reader, with its stuck rule.</summary>
public sealed class SagaReadModel
{
    private const string Columns = "correlation_id, customer_name, current_state, created_at, updated_at, finished_at, last_error, next_deadline";

    private readonly SagaTableReader table;
    private readonly TimeProvider clock;
    private readonly SagaSearch search;

    internal SagaReadModel(SagaTableReader table, TimeProvider clock)
    {
        this.table = table;
        this.clock = clock;
        search = new SagaSearch(table, clock);
    }

    /// <summary>The console's search with the list's filters, so both read the table one way (customer text matched as written).</summary>
    public Task<SagaPage> ListAsync(SagaListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return search.FindAsync(
            new SagaSearchFilter(
                State: filter.State,
                StuckOnly: filter.StuckOnly,
                CreatedFrom: filter.Since,
                Customer: filter.Customer,
                Page: filter.Page,
                PageSize: filter.PageSize),
            cancellationToken);
    }

    public async Task<SagaDetails?> GetAsync(Guid sagaId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns}, {SagaTableReader.StuckCondition} AS stuck, subscription_tier, users_json, failure_reason, trace_parent,
                   ignored_events, steps_json, notes_json
            FROM onboarding_sagas WHERE correlation_id = @id
            """;
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        table.AddStuckParameters(command, clock.GetUtcNow());
        SagaSummary summary;
        SagaDetails details;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            summary = ReadSummary(reader, stuck: reader.GetInt32(8) == 1 && reader.IsDBNull(5));
            details = new SagaDetails(
                summary,
                reader.GetString(9),
                Json<List<OnboardingUser>>(reader.GetString(10)),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.GetInt32(13),
                reader.IsDBNull(7) ? null : Utc(reader.GetDateTime(7)),
                Json<List<StepRun>>(reader.GetString(14)),
                [],
                Json<List<SagaNote>>(reader.GetString(15)));
        }

        return details with { History = await HistoryAsync(connection, sagaId, cancellationToken).ConfigureAwait(false) };
    }

    private static async Task<IReadOnlyList<StepAttemptRow>> HistoryAsync(MySqlConnection connection, Guid sagaId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT step, user_index, attempt, launch_id, started_at, finished_at, outcome, error
            FROM saga_step_history WHERE saga_id = @id ORDER BY started_at, id
            """;
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        var rows = new List<StepAttemptRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var userIndex = reader.GetInt32(1);
            rows.Add(new StepAttemptRow(
                reader.GetString(0),
                userIndex < 0 ? null : userIndex,
                reader.GetInt32(2),
                reader.GetString(3),
                Utc(reader.GetDateTime(4)),
                reader.IsDBNull(5) ? null : Utc(reader.GetDateTime(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return rows;
    }

    private static SagaSummary ReadSummary(MySqlDataReader reader, bool stuck) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        Utc(reader.GetDateTime(3)),
        Utc(reader.GetDateTime(4)),
        reader.IsDBNull(5) ? null : Utc(reader.GetDateTime(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        stuck);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static T Json<T>(string json)
        where T : new() => JsonSerializer.Deserialize<T>(json, SagaJson.Options) ?? new T();

    private Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken) => table.OpenAsync(cancellationToken);
}
