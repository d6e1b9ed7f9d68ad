using System.Globalization;
using System.Text;
using Knapscen.Sagas.StateMachines.GroupCommit;
using Knapscen.Sagas.StateMachines.Onboarding;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// The first round trip of a group transaction: the inbox inserts of all its events and one locking read of all their
/// sagas. Applying an event then costs no round trip of its own; its writes wait for the commit.
/// </summary>
internal static class GroupPrelude
{
    // Statements of a command run in order and stop at the first error, whose statement the error does not name; the
    // savepoint takes back the inserts before it, and the events are then recorded one by one as without a prelude.
    private const string Savepoint = "knapscen_group_prelude";

    /// <summary>
    /// Records the events and locks their sagas; null when an insert failed (an event applied before, most likely) and
    /// the transaction was taken back to where it was. One event per saga: a later event of a saga already listed is
    /// left out. A failure that ended the transaction itself comes out as the server's exception.
    /// </summary>
    public static async Task<Dictionary<(string Source, string EventId), PreparedEvent>?> RunAsync(
        ServerTransaction transaction, SagaRowReader rowReader, IReadOnlyList<GroupEvent> events, DateTimeOffset now, CancellationToken ct)
    {
        var sagas = new HashSet<Guid>();
        var keys = new HashSet<(string, string)>();
        // In one order everywhere: two replicas given the same redelivered events then wait for each other's inbox
        // keys in turn instead of deadlocking halfway (the saga rows' locking read goes in key order by itself).
        var chosen = events.Where(e => sagas.Add(e.SagaId) && keys.Add((e.Source, e.EventId)))
            .OrderBy(e => e.Source, StringComparer.Ordinal)
            .ThenBy(e => e.EventId, StringComparer.Ordinal)
            .ToList();
        if (chosen.Count == 0)
        {
            return null;
        }

        await using var command = transaction.CreateCommand();
        var sql = new StringBuilder("SAVEPOINT ").Append(Savepoint).Append(";\n");
        for (var i = 0; i < chosen.Count; i++)
        {
            var e = chosen[i];
            InboxRecorder.AppendInsert(sql, command.Parameters, new InboxEntry(e.Source, e.EventId, e.EventType, e.SagaId), now, string.Create(CultureInfo.InvariantCulture, $"p{i}"));
            sql.Append(";\n");
            command.Parameters.AddWithValue(string.Create(CultureInfo.InvariantCulture, $"@lock{i}"), e.SagaId.ToString());
        }

        sql.Append(rowReader.LockManySql(chosen.Count));
        command.CommandText += sql.ToString();
        var rows = new Dictionary<Guid, (CustomerOnboardingState Instance, object?[] Stored)>(chosen.Count);
        try
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                do
                {
                    while (reader.FieldCount > 0 && await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        var row = rowReader.Read(reader);
                        rows[row.Instance.CorrelationId] = row;
                    }
                }
                while (await reader.NextResultAsync(ct).ConfigureAwait(false));
            }
        }
        catch (MySqlException)
        {
            if (!await TryReturnToSavepointAsync(transaction, ct).ConfigureAwait(false))
            {
                throw;
            }

            return null;
        }

        return chosen.ToDictionary(
            e => (e.Source, e.EventId),
            e => rows.TryGetValue(e.SagaId, out var row) ? new PreparedEvent(e.SagaId, row.Instance, row.Stored) : new PreparedEvent(e.SagaId, null, null));
    }

    // False when the server rolled the whole transaction back (a deadlock), savepoint and all: the group is over.
    private static async Task<bool> TryReturnToSavepointAsync(ServerTransaction transaction, CancellationToken ct)
    {
        await using var back = transaction.CreateCommand("ROLLBACK TO SAVEPOINT " + Savepoint);
        try
        {
            await back.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (MySqlException)
        {
            return false;
        }
    }
}

/// <summary>An event the group's prelude recorded, and its saga as locked: null when there is no such saga yet.</summary>
internal sealed record PreparedEvent(Guid SagaId, CustomerOnboardingState? Instance, object?[]? Stored);
