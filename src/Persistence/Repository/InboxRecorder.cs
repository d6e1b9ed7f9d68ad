using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>The processed-events inbox: writes within the saga transaction.</summary>
internal static class InboxRecorder
{
    private const string InsertSql =
        "INSERT INTO processed_events (event_source, event_id, event_type, saga_id, processed_at) VALUES (@source, @id, @type, @saga, @at)";

    public const string AssignSagaSql =
        "UPDATE processed_events SET saga_id = @inboxSaga WHERE event_source = @inboxSource AND event_id = @inboxId";

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
            command.CommandText += InsertSql;
            command.Parameters.AddWithValue("@source", entry.Source);
            command.Parameters.AddWithValue("@id", entry.EventId);
            command.Parameters.AddWithValue("@type", (object?)entry.EventType ?? DBNull.Value);
            command.Parameters.AddWithValue("@saga", (object?)entry.SagaId?.ToString() ?? DBNull.Value);
            command.Parameters.AddWithValue("@at", now.UtcDateTime);
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
