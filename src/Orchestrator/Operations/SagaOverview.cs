using Knapscen.Sagas.Persistence.Reading;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Operations;

public sealed record FailureGroup(string Error, long Sagas, DateTimeOffset Latest);

public sealed record MinuteCount(DateTimeOffset Minute, long Started, long Completed);

public sealed record OverviewFigures(
    IReadOnlyDictionary<string, long> ByState,
    long Stuck,
    IReadOnlyList<FailureGroup> RecentFailures,
    IReadOnlyList<MinuteCount> PerMinute)
{
    public long NeedsAttention => ByState.GetValueOrDefault(SagaTableReader.NeedsAttentionState);
}

/// <summary>The figures of the console's overview: one short query each, no locks.</summary>
public sealed class SagaOverview
{
    public const int Minutes = 30;

    public static readonly TimeSpan FailureWindow = TimeSpan.FromHours(24);

    private readonly SagaTableReader table;
    private readonly SagaSearch search;
    private readonly TimeProvider clock;

    internal SagaOverview(SagaTableReader table, SagaSearch search, TimeProvider clock)
    {
        this.table = table;
        this.search = search;
        this.clock = clock;
    }

    public async Task<OverviewFigures> ReadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await table.OpenAsync(cancellationToken).ConfigureAwait(false);

        var byState = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new MySqlCommand("SELECT current_state, COUNT(*) FROM onboarding_sagas GROUP BY current_state", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byState[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var failures = new List<FailureGroup>();
        await using (var command = new MySqlCommand(
            """
            SELECT last_error, COUNT(*), MAX(updated_at) FROM onboarding_sagas
            WHERE last_error IS NOT NULL AND updated_at >= @since
            GROUP BY last_error ORDER BY COUNT(*) DESC, MAX(updated_at) DESC LIMIT 10
            """, connection))
        {
            command.Parameters.AddWithValue("@since", (now - FailureWindow).UtcDateTime);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                failures.Add(new FailureGroup(reader.GetString(0), reader.GetInt64(1), Utc(reader.GetDateTime(2))));
            }
        }

        var stuck = (await search.FindAsync(new SagaSearchFilter(StuckOnly: true, PageSize: 1), cancellationToken).ConfigureAwait(false)).Total;
        return new OverviewFigures(byState, stuck, failures, await PerMinuteAsync(connection, now, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IReadOnlyList<MinuteCount>> PerMinuteAsync(MySqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var firstMinute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1 - Minutes);
        var started = new long[Minutes];
        var completed = new long[Minutes];
        await using var command = new MySqlCommand(
            """
            SELECT 0, TIMESTAMPDIFF(MINUTE, @first, created_at), COUNT(*) FROM onboarding_sagas WHERE created_at >= @first GROUP BY 2
            UNION ALL
            SELECT 1, TIMESTAMPDIFF(MINUTE, @first, finished_at), COUNT(*) FROM onboarding_sagas
            WHERE finished_at >= @first AND current_state = 'Completed' GROUP BY 2
            """, connection);
        command.Parameters.AddWithValue("@first", firstMinute.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var minute = reader.GetInt64(1);
            if (minute is >= 0 and < Minutes)
            {
                (reader.GetInt32(0) == 0 ? started : completed)[minute] += reader.GetInt64(2);
            }
        }

        return [.. Enumerable.Range(0, Minutes).Select(i => new MinuteCount(firstMinute.AddMinutes(i), started[i], completed[i]))];
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
