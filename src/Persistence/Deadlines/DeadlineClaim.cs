using System.Data;
using System.Text;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Deadlines;

/// <summary>
/// Takes due sagas for one scanner in one short ReadCommitted transaction: lock them, push their deadline out by the
/// lease, commit. Scanners on other replicas skip the locked rows instead of waiting, so each due saga goes to one of them.
/// </summary>
internal static class DeadlineClaim
{
    // Locks are taken only on rows the index range yields (ReadCommitted: no gap locks), and SKIP LOCKED passes over
    // rows another scanner is claiming or a saga transaction holds: the latter recomputes next_deadline anyway.
    private const string SelectDueSql = """
        SELECT correlation_id, trace_parent FROM onboarding_sagas
        WHERE next_deadline <= @now
        ORDER BY next_deadline
        LIMIT @batch
        FOR UPDATE SKIP LOCKED
        """;

    public static async Task<IReadOnlyList<DueSaga>> ClaimAsync(
        string connectionString, DateTimeOffset now, int batchSize, TimeSpan lease, CancellationToken ct)
    {
        var connection = new MySqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var due = await SelectDueAsync(connection, transaction, now, batchSize, ct).ConfigureAwait(false);
                if (due.Count > 0)
                {
                    await LeaseAsync(connection, transaction, [.. due.Select(saga => saga.Id)], now + lease, ct).ConfigureAwait(false);
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return due;
            }
        }
    }

    private static async Task<List<DueSaga>> SelectDueAsync(
        MySqlConnection connection, MySqlTransaction transaction, DateTimeOffset now, int batchSize, CancellationToken ct)
    {
        var select = new MySqlCommand(SelectDueSql, connection, transaction);
        await using (select.ConfigureAwait(false))
        {
            select.Parameters.AddWithValue("@now", now.UtcDateTime);
            select.Parameters.AddWithValue("@batch", batchSize);
            var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var due = new List<DueSaga>(batchSize);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    due.Add(new DueSaga(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
                }

                return due;
            }
        }
    }

    // The lease changes neither version nor updated_at: it is not a saga transition, and must not hide a saga that
    // makes no progress from the stuck query.
    private static async Task LeaseAsync(
        MySqlConnection connection, MySqlTransaction transaction, List<Guid> ids, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var sql = new StringBuilder("UPDATE onboarding_sagas SET next_deadline = @leaseUntil WHERE correlation_id IN (");
        var update = new MySqlCommand { Connection = connection, Transaction = transaction };
        await using (update.ConfigureAwait(false))
        {
            update.Parameters.AddWithValue("@leaseUntil", leaseUntil.UtcDateTime);
            for (var i = 0; i < ids.Count; i++)
            {
                var name = "@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "" : ", ").Append(name);
                update.Parameters.AddWithValue(name, ids[i].ToString());
            }

            update.CommandText = sql.Append(')').ToString();
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
