using System.Text;
using Knapscen.Sagas.Persistence.Reading;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Operations;

/// <summary>Saga search with every filter of <see cref="SagaSearchFilter"/>, read without locks on the saga table's reader, with its stuck rule.</summary>
public sealed class SagaSearch
{
    private const string Columns = "correlation_id, customer_name, current_state, created_at, updated_at, finished_at, last_error";

    private const string StuckCondition = SagaTableReader.StuckCondition;

    private readonly SagaTableReader table;
    private readonly TimeProvider clock;

    internal SagaSearch(SagaTableReader table, TimeProvider clock)
    {
        this.table = table;
        this.clock = clock;
    }

    public async Task<SagaPage> FindAsync(SagaSearchFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await table.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var count = Command(connection, filter, out var where);
        count.CommandText = $"SELECT COUNT(*) FROM onboarding_sagas s {where}";
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

        await using var list = Command(connection, filter, out _);
        list.CommandText = $"SELECT {Columns}, {StuckCondition} AS stuck FROM onboarding_sagas s {where} ORDER BY {OrderBy(filter)} LIMIT @limit OFFSET @offset";
        list.Parameters.AddWithValue("@limit", filter.PageSize);
        list.Parameters.AddWithValue("@offset", (long)(filter.Page - 1) * filter.PageSize);
        var items = new List<SagaSummary>();
        await using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new SagaSummary(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                Utc(reader.GetDateTime(3)),
                Utc(reader.GetDateTime(4)),
                reader.IsDBNull(5) ? null : Utc(reader.GetDateTime(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt32(7) == 1 && reader.IsDBNull(5)));
        }

        return new SagaPage(items, filter.Page, filter.PageSize, total);
    }

    /// <summary>The ids of every saga matching <paramref name="filter"/> (paging ignored), in its order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Guid>> MatchingIdsAsync(SagaSearchFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await table.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, filter, out var where);
        command.CommandText = $"SELECT correlation_id FROM onboarding_sagas s {where} ORDER BY {OrderBy(filter)} LIMIT @limit";
        command.Parameters.AddWithValue("@limit", limit);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static string OrderBy(SagaSearchFilter filter)
    {
        var column = filter.Sort switch
        {
            SagaSort.Updated => "updated_at",
            SagaSort.Customer => "customer_name",
            SagaSort.State => "current_state",
            _ => "created_at",
        };
        var direction = filter.Descending ? "DESC" : "ASC";
        return $"{column} {direction}, correlation_id {direction}";
    }

    private MySqlCommand Command(MySqlConnection connection, SagaSearchFilter filter, out string where)
    {
        var command = connection.CreateCommand();
        table.AddStuckParameters(command, clock.GetUtcNow());
        var sql = new StringBuilder("WHERE 1 = 1");
        Add(filter.State, "@state", " AND current_state = @state");
        if (filter.StuckOnly)
        {
            sql.Append(" AND finished_at IS NULL AND ").Append(StuckCondition);
        }

        Add(filter.CreatedFrom?.UtcDateTime, "@createdFrom", " AND created_at >= @createdFrom");
        Add(filter.CreatedTo?.UtcDateTime, "@createdTo", " AND created_at < @createdTo");
        Add(Contains(filter.Customer), "@customer", " AND (customer_name LIKE @customer OR correlation_id LIKE @customer)");
        Add(Contains(filter.UserEmail), "@email", " AND users_json LIKE @email");
        Add(filter.EventId, "@eventId",
            " AND (registration_event_id = @eventId OR EXISTS (SELECT 1 FROM processed_events p WHERE p.saga_id = s.correlation_id AND p.event_id = @eventId))");
        // A finished attempt has its history row; a running one is only in the saga's steps (its row comes when it ends).
        Add(filter.Step, "@step",
            " AND (EXISTS (SELECT 1 FROM saga_step_history h WHERE h.saga_id = s.correlation_id AND h.step = @step)" +
            " OR JSON_CONTAINS(s.steps_json, JSON_OBJECT('step', @step, 'status', 'Running')))");
        Add(Contains(filter.ErrorText), "@error",
            " AND (last_error LIKE @error OR failure_reason LIKE @error OR EXISTS (SELECT 1 FROM saga_step_history e WHERE e.saga_id = s.correlation_id AND e.error LIKE @error))");
        where = sql.ToString();
        return command;

        void Add(object? value, string name, string condition)
        {
            if (value is null)
            {
                return;
            }

            command.Parameters.AddWithValue(name, value);
            sql.Append(condition);
        }
    }

    // The operator's text is matched literally: LIKE's wildcards in it are escaped.
    private static string? Contains(string? text) => text is null ? null :
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
