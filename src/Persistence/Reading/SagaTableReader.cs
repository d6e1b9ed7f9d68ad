using System.Text.Json;
using Knapscen.Sagas.Persistence.Deadlines;
using Knapscen.Sagas.StateMachines.Onboarding;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Reading;

/// <summary>
/// The one reader of the saga table outside the saga repository (operator views, stuck sagas, the demo's follower):
/// it owns the "stuck" rule and the connection; readers that need other columns add their SQL on its connection.
/// </summary>
public sealed class SagaTableReader
{
    /// <summary>The state a saga moves to when it needs a person; stuck by definition.</summary>
    public const string NeedsAttentionState = "NeedsAttention";

    // Stuck: unfinished and needing a person, or without progress for Deadlines:StuckAfterMinutes, or with a deadline
    // overdue by more than two scanner leases (no scanner is getting to it). Each reason once, used in both forms below.
    private const string NeedsAttention = "current_state = @needsAttention";
    private const string Idle = "updated_at < @idleBefore";
    private const string Overdue = "next_deadline < @overdueBefore";

    /// <summary>The stuck rule as one condition over a row of <c>onboarding_sagas</c> (true or false, never null); parameters from <see cref="AddStuckParameters"/>.</summary>
    public const string StuckCondition = $"({NeedsAttention} OR {Idle} OR IFNULL({Overdue}, FALSE))";

    // One branch per reason, so each is an index range (current_state, updated_at, next_deadline) rather than one OR
    // that would scan the table; each branch is cut to the limit in the order of the final result, so the union stays
    // small and the oldest sagas win. UNION removes a saga that is stuck for several reasons.
    private const string StuckSql = $"""
        SELECT correlation_id FROM (
            (SELECT correlation_id, updated_at FROM onboarding_sagas
             WHERE {NeedsAttention} AND finished_at IS NULL
             ORDER BY updated_at LIMIT @limit)
            UNION
            (SELECT correlation_id, updated_at FROM onboarding_sagas
             WHERE {Idle} AND finished_at IS NULL
             ORDER BY updated_at LIMIT @limit)
            UNION
            (SELECT correlation_id, updated_at FROM onboarding_sagas
             WHERE {Overdue} AND finished_at IS NULL
             ORDER BY updated_at LIMIT @limit)
        ) AS stuck
        ORDER BY updated_at, correlation_id
        LIMIT @limit
        """;

    private readonly string _connectionString;
    private readonly DeadlineScannerOptions _options;

    /// <summary>With the stuck rule's default time limits (<c>Deadlines:*</c> defaults), for readers outside the orchestrator's host.</summary>
    public SagaTableReader(string connectionString)
        : this(connectionString, new DeadlineScannerOptions())
    {
    }

    /// <param name="options">The scanner's settings: the stuck rule's time limits come from them.</param>
    internal SagaTableReader(string connectionString, DeadlineScannerOptions options)
    {
        _connectionString = connectionString;
        _options = options;
    }

    /// <summary>Sets <c>@needsAttention</c>, <c>@idleBefore</c> and <c>@overdueBefore</c> for <see cref="StuckCondition"/> at <paramref name="now"/>.</summary>
    public void AddStuckParameters(MySqlCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Parameters.AddWithValue("@needsAttention", NeedsAttentionState);
        command.Parameters.AddWithValue("@idleBefore", (now - _options.StuckAfter).UtcDateTime);
        command.Parameters.AddWithValue("@overdueBefore", (now - (2 * _options.Lease)).UtcDateTime);
    }

    public async Task<MySqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new MySqlConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Unfinished stuck sagas (see <see cref="StuckCondition"/>), oldest progress first.</summary>
    public async Task<IReadOnlyList<Guid>> FindStuckAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new MySqlCommand(StuckSql, connection);
            await using (command.ConfigureAwait(false))
            {
                AddStuckParameters(command, now);
                command.Parameters.AddWithValue("@limit", limit);
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var ids = new List<Guid>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        ids.Add(reader.GetGuid(0));
                    }

                    return ids;
                }
            }
        }
    }

    /// <summary>Where one saga stands: state, last error, step runs, finish time; null when there is no such saga.</summary>
    public async Task<SagaProgressRow?> ReadProgressAsync(Guid sagaId, CancellationToken ct)
    {
        var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new MySqlCommand("SELECT current_state, last_error, steps_json, finished_at FROM onboarding_sagas WHERE correlation_id = @id", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("@id", sagaId.ToString());
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        return null;
                    }

                    return new SagaProgressRow(
                        reader.GetString(0),
                        reader.IsDBNull(1) ? null : reader.GetString(1),
                        JsonSerializer.Deserialize<List<StepRun>>(reader.GetString(2), SagaJson.Options) ?? [],
                        reader.IsDBNull(3) ? null : reader.GetDateTime(3));
                }
            }
        }
    }
}
