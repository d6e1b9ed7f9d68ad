using Microsoft.Extensions.Options;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Retention;

/// <summary>Deletes inbox rows (processed_events) older than the retention, in batches, so the table stops growing.</summary>
internal sealed class InboxPruner(SagaConnectionString connection, IOptions<InboxRetentionOptions> options, TimeProvider time)
{
    // A sweep that finds more than this many batches leaves the rest to the next sweep rather than running unbounded.
    private const int MaxBatchesPerSweep = 1000;

    /// <returns>How many rows were deleted.</returns>
    public async Task<long> SweepOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var cutoff = (time.GetUtcNow() - settings.Retention).UtcDateTime;
        var connectionToDatabase = new MySqlConnection(connection.Value);
        await using (connectionToDatabase.ConfigureAwait(false))
        {
            await connectionToDatabase.OpenAsync(ct).ConfigureAwait(false);
            long deleted = 0;
            for (var batch = 0; batch < MaxBatchesPerSweep; batch++)
            {
                // DELETE … LIMIT with ORDER BY on the indexed column: valid on MySQL 8 and MariaDB, and each batch
                // commits on its own (autocommit), so replicas sweeping at once only skip each other's rows.
                var command = new MySqlCommand(
                    "DELETE FROM processed_events WHERE processed_at < @cutoff ORDER BY processed_at LIMIT @batch",
                    connectionToDatabase);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.AddWithValue("@cutoff", cutoff);
                    command.Parameters.AddWithValue("@batch", settings.BatchSize);
                    var rows = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    deleted += rows;
                    if (rows < settings.BatchSize)
                    {
                        break;
                    }
                }
            }

            return deleted;
        }
    }
}
