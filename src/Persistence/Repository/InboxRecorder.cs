using Knapscen.Sagas.Persistence.Model;
using Microsoft.EntityFrameworkCore;
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
    public static async Task<bool> TryRecordAsync(SagaDbContext db, InboxEntry entry, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync(
                InsertSql,
                [
                    new MySqlParameter("@source", entry.Source),
                    new MySqlParameter("@id", entry.EventId),
                    new MySqlParameter("@type", (object?)entry.EventType ?? DBNull.Value),
                    new MySqlParameter("@saga", (object?)entry.SagaId?.ToString() ?? DBNull.Value),
                    new MySqlParameter("@at", now.UtcDateTime),
                ],
                ct).ConfigureAwait(false);
            return true;
        }
        catch (MySqlException error) when (error.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return false;
        }
    }
}

/// <summary>The event a message carries, from the intake headers.</summary>
internal sealed record InboxEntry(string Source, string EventId, string? EventType, Guid? SagaId);
