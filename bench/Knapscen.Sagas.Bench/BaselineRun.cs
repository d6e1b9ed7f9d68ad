using System.Data;
using System.Diagnostics;
using MySqlConnector;

namespace Knapscen.Sagas.Bench;

/// <param name="CpuMsPerTransaction">Client CPU of this process per transaction, comparable with the passes' CPU per transition.</param>
/// <param name="ServerCpuMsPerTransaction">The database server's CPU per transaction (NaN when not measurable).</param>
internal sealed record BaselineResult(
    int Writers, int Rows, double Seconds, long Transactions, double TransactionsPerSecond, double ComCommitPerTransaction, double CpuMsPerTransaction, double ServerCpuMsPerTransaction);

/// <summary>
/// The ceiling to compare against: raw MySqlConnector transactions of <c>SELECT … FOR UPDATE</c> + <c>UPDATE</c> by
/// primary key on a copy of the saga table (same columns, the rows the run just wrote), one writer per intake worker,
/// each on rows of its own, as the intake partitions sagas.
/// </summary>
internal static class BaselineRun
{
    public static async Task<BaselineResult> RunAsync(string connectionString, int writers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var ids = await PrepareTableAsync(connectionString, cancellationToken).ConfigureAwait(false);
        var before = await ServerCounters.ReadAsync(connectionString, cancellationToken).ConfigureAwait(false);
        var cpuBefore = ProcessStats.CpuTime();
        var serverCpuBefore = StackServerCpu.Database.Read();
        var start = Stopwatch.GetTimestamp();
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(writer =>
            WriteAsync(connectionString, ids.Where((_, i) => i % writers == writer).ToArray(), start, duration, cancellationToken))).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpu = ProcessStats.CpuTime() - cpuBefore;
        var delta = (await ServerCounters.ReadAsync(connectionString, cancellationToken).ConfigureAwait(false)).Minus(before);
        var total = counts.Sum();
        return new BaselineResult(writers, ids.Count, seconds, total, total / seconds, total == 0 ? double.NaN : (double)delta.ComCommit / total,
            total == 0 ? double.NaN : cpu.TotalMilliseconds / total, StackServerCpu.Database.MsPer(serverCpuBefore, total));
    }

    private static async Task<List<string>> PrepareTableAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new MySqlCommand(
            "DROP TABLE IF EXISTS bench_baseline; CREATE TABLE bench_baseline LIKE onboarding_sagas; " +
            "INSERT INTO bench_baseline SELECT * FROM onboarding_sagas;", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var ids = new List<string>();
        await using var select = new MySqlCommand("SELECT correlation_id FROM bench_baseline", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetGuid(0).ToString());
        }

        return ids.Count > 0 ? ids : throw new InvalidOperationException("no saga rows to copy for the baseline");
    }

    private static async Task<long> WriteAsync(string connectionString, string[] ids, long start, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return 0;
        }

        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        long count = 0;
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            var id = ids[Random.Shared.Next(ids.Length)];
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            string steps;
            await using (var select = new MySqlCommand("SELECT * FROM bench_baseline WHERE correlation_id = @id FOR UPDATE", connection, transaction))
            {
                select.Parameters.AddWithValue("@id", id);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                steps = reader.GetString(reader.GetOrdinal("steps_json"));
            }

            // The whole steps document is written back, as the saga repository does on every transition.
            await using (var update = new MySqlCommand(
                "UPDATE bench_baseline SET version = version + 1, steps_json = @steps, updated_at = @now WHERE correlation_id = @id", connection, transaction))
            {
                update.Parameters.AddWithValue("@id", id);
                update.Parameters.AddWithValue("@steps", steps);
                update.Parameters.AddWithValue("@now", DateTime.UtcNow);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }
}
