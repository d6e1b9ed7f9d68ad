using Microsoft.Extensions.Options;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Deadlines;

/// <summary>Read-only questions operators ask about sagas, answered straight from the saga table.</summary>
public sealed class SagaQueries
{
    /// <summary>The state a saga moves to when it needs a person; stuck by definition.</summary>
    public const string NeedsAttentionState = "NeedsAttention";

    // One branch per reason, so each is an index range (current_state, updated_at, next_deadline) rather than one OR
    // that would scan the table; each branch is cut to the limit in the order of the final result, so the union stays
    // small and the oldest sagas win. UNION removes a saga that is stuck for several reasons.
    private const string StuckSql = """
        SELECT correlation_id FROM (
            (SELECT correlation_id, updated_at FROM onboarding_sagas
             WHERE current_state = @needsAttention AND finished_at IS NULL
             ORDER BY updated_at LIMIT @limit)
            UNION
            (SELECT correlation_id, updated_at FROM onboarding_sagas
             WHERE updated_at < @idleBefore AND finished_at IS NULL
             ORDER BY updated_at LIMIT @limit)
            UNION
            (SELECT correlation_id, updated_at FROM onboarding_sagas
             WHERE next_deadline < @overdueBefore AND finished_at IS NULL
             ORDER BY updated_at LIMIT @limit)
        ) AS stuck
        ORDER BY updated_at, correlation_id
        LIMIT @limit
        """;

    private readonly string _connectionString;
    private readonly DeadlineScannerOptions _options;

    internal SagaQueries(SagaConnectionString connectionString, IOptions<DeadlineScannerOptions> options)
    {
        _connectionString = connectionString.Value;
        _options = options.Value;
    }

    /// <summary>The time limits of the stuck definition at <paramref name="now"/>, for readers that filter in their own SQL.</summary>
    public (DateTimeOffset IdleBefore, DateTimeOffset OverdueBefore) StuckThresholds(DateTimeOffset now) =>
        (now - _options.StuckAfter, now - (2 * _options.Lease));

    /// <summary>
    /// Unfinished sagas that need a person: in state NeedsAttention, without progress for <c>Deadlines:StuckAfterMinutes</c>,
    /// or with a deadline overdue by more than two leases (no scanner is getting to it). Oldest progress first.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> FindStuckAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var connection = new MySqlConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var command = new MySqlCommand(StuckSql, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("@needsAttention", NeedsAttentionState);
                command.Parameters.AddWithValue("@idleBefore", (now - _options.StuckAfter).UtcDateTime);
                command.Parameters.AddWithValue("@overdueBefore", (now - (2 * _options.Lease)).UtcDateTime);
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
}
