using System.Data.Common;
using System.Globalization;
using System.Text;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>The processed-events inbox: writes within the saga transaction.</summary>
internal static class InboxRecorder
{
    /// <summary>
    /// Appends the inbox insert of <paramref name="entry"/>, its parameter names ending in <paramref name="suffix"/>
    /// (unique among the statements sent together); a repeated event fails it with a duplicate key.
    /// </summary>
    public static void AppendInsert(StringBuilder sql, MySqlParameterCollection parameters, InboxEntry entry, DateTimeOffset now, string suffix)
    {
        sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO processed_events (event_source, event_id, event_type, saga_id, processed_at) VALUES (@source{suffix}, @id{suffix}, @type{suffix}, @saga{suffix}, @at{suffix})");
        parameters.AddWithValue("@source" + suffix, entry.Source);
        parameters.AddWithValue("@id" + suffix, entry.EventId);
        parameters.AddWithValue("@type" + suffix, (object?)entry.EventType ?? DBNull.Value);
        parameters.AddWithValue("@saga" + suffix, (object?)entry.SagaId?.ToString() ?? DBNull.Value);
        parameters.AddWithValue("@at" + suffix, now.UtcDateTime);
    }

    /// <summary>Appends the delete of an inbox entry recorded in this transaction for an event it did not apply.</summary>
    /// <param name="tag">Makes the parameter names unique among the batches sent together.</param>
    public static void AppendForget(StringBuilder sql, List<DbParameter> parameters, string source, string eventId, int tag)
    {
        sql.Append(CultureInfo.InvariantCulture, $"DELETE FROM processed_events WHERE event_source = @forgetSource{tag} AND event_id = @forgetId{tag};\n");
        parameters.Add(new MySqlParameter($"@forgetSource{tag}", source));
        parameters.Add(new MySqlParameter($"@forgetId{tag}", eventId));
    }

    /// <summary>Appends the statement that records the saga an event created, for an entry recorded without one.</summary>
    /// <param name="tag">Makes the parameter names unique among the batches sent together.</param>
    public static void AppendAssignSaga(StringBuilder sql, List<DbParameter> parameters, InboxEntry entry, Guid sagaId, int tag)
    {
        sql.Append(CultureInfo.InvariantCulture, $"UPDATE processed_events SET saga_id = @inboxSaga{tag} WHERE event_source = @inboxSource{tag} AND event_id = @inboxId{tag};\n");
        parameters.Add(new MySqlParameter($"@inboxSaga{tag}", sagaId.ToString()));
        parameters.Add(new MySqlParameter($"@inboxSource{tag}", entry.Source));
        parameters.Add(new MySqlParameter($"@inboxId{tag}", entry.EventId));
    }

    /// <summary>
    /// Records the event; false when it is already recorded, that is, it was applied before. A concurrent copy
    /// of the same event waits here on the uncommitted row, so exactly one of them goes on.
    /// </summary>
    /// <remarks>
    /// A plain command on the transaction's connection rather than EF's ExecuteSqlRaw: a duplicate key is the expected
    /// answer for a repeated event, and EF would log every one as a failed command at Error level (and the raw path
    /// skips EF's per-command overhead on every transition).
    /// </remarks>
    /// <param name="command">A command on the saga transaction.</param>
    /// <param name="readAfter">
    /// Runs in the same round trip after a successful insert, given the open reader on the results that follow the
    /// insert; a duplicate key stops the batch before it.
    /// </param>
    /// <param name="deferred">An earlier event's held-back writes that travel in front of it (group transactions).</param>
    /// <param name="groupBroken">Told when <paramref name="deferred"/> failed.</param>
    public static async Task<bool> TryRecordAsync(
        MySqlCommand command,
        InboxEntry entry,
        DateTimeOffset now,
        (string Sql, Func<MySqlDataReader, CancellationToken, Task> Read)? readAfter,
        (DeferredWrites Writes, Action GroupBroken)? deferred,
        CancellationToken ct)
    {
        await using (command.ConfigureAwait(false))
        {
            var sql = new StringBuilder(command.CommandText);
            AppendInsert(sql, command.Parameters, entry, now, suffix: "");
            command.CommandText = sql.ToString();
            if (readAfter is { } after)
            {
                command.CommandText += ";\n" + after.Sql;
            }

            try
            {
                if (deferred is { } earlier)
                {
                    return await DeferredWrites.ExecuteWithPrefixAsync(
                        command,
                        earlier.Writes,
                        earlier.GroupBroken,
                        async reader =>
                        {
                            if (readAfter is { } read)
                            {
                                await read.Read(reader, ct).ConfigureAwait(false);
                            }

                            return true;
                        },
                        ct).ConfigureAwait(false);
                }

                if (readAfter is not { } readOnly)
                {
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    return true;
                }

                var ownReader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (ownReader.ConfigureAwait(false))
                {
                    await readOnly.Read(ownReader, ct).ConfigureAwait(false);
                }

                return true;
            }
            catch (MySqlException error) when (error.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return false;
            }
        }
    }
}

/// <summary>The event a message carries, from the intake headers.</summary>
internal sealed record InboxEntry(string Source, string EventId, string? EventType, Guid? SagaId);
