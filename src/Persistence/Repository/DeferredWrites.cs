using System.Data.Common;
using System.Globalization;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// The writes of an applied event (history rows, the inbox's saga id, the saga rows) as one batch. In a group it is held
/// back, behind the other events' (<see cref="Concat"/>), to travel with the group's next command (an event's inbox
/// insert and locking read when the group was not prepared, a new saga's insert) or with its COMMIT, instead of costing
/// a round trip of its own; on an event's own transaction it goes with the COMMIT. A saga update whose row changed
/// behind its lock fails its own statement (<see cref="SagaVersionGuard"/>); a guarded delete yields a matched-row
/// result, and a batch with one is never held back nor followed by the COMMIT.
/// </summary>
internal sealed class DeferredWrites(string sql, IReadOnlyList<DbParameter> parameters, int guardedDeletes)
{
    public string Sql { get; } = sql;

    public IReadOnlyList<DbParameter> Parameters { get; } = parameters;

    /// <summary>How many one-row matched-count results (of guarded deletes) the batch yields.</summary>
    public int GuardedDeletes { get; } = guardedDeletes;

    /// <summary>The batches one after the other, as one; their parameter names must differ.</summary>
    public static DeferredWrites Concat(IReadOnlyList<DeferredWrites> batches)
    {
        if (batches.Count == 1)
        {
            return batches[0];
        }

        if (batches.Any(batch => batch.GuardedDeletes > 0))
        {
            throw new InvalidOperationException("A batch with guarded deletes runs alone: its results would be taken for another's.");
        }

        return new DeferredWrites(string.Concat(batches.Select(batch => batch.Sql)), [.. batches.SelectMany(batch => batch.Parameters)], guardedDeletes: 0);
    }

    /// <summary>Puts the batch in front of <paramref name="command"/>'s own statements.</summary>
    public void Prefix(DbCommand command)
    {
        if (GuardedDeletes > 0)
        {
            throw new InvalidOperationException("A batch with guarded deletes runs alone: its results would be taken for the command's own.");
        }

        Attach(command);
    }

    /// <summary>
    /// Runs the batch as a command of its own on <paramref name="transaction"/>, followed by <paramref name="then"/> (the
    /// COMMIT, say), which runs only when every statement of the batch succeeded; a refused saga write comes out as a
    /// concurrency conflict.
    /// </summary>
    public async Task ExecuteAsync(ServerTransaction transaction, string? then, CancellationToken ct)
    {
        if (then is not null && GuardedDeletes > 0)
        {
            throw new InvalidOperationException("A batch with guarded deletes is read before anything may follow it.");
        }

        await using var command = transaction.CreateCommand(then is null ? Sql : Sql + then);
        foreach (var parameter in Parameters)
        {
            command.Parameters.Add(parameter);
        }

        try
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await ReadDeleteGuardsAsync(reader, GuardedDeletes, ct).ConfigureAwait(false);
                // Statements after the guards only run as the reader moves past them; an error there must surface here.
                while (await reader.NextResultAsync(ct).ConfigureAwait(false))
                {
                }
            }
        }
        catch (MySqlException e) when (SagaVersionGuard.IsRefusal(e))
        {
            throw SagaVersionGuard.Conflict(e);
        }
    }

    /// <summary>
    /// Runs a command that carries <paramref name="prefix"/> in front of its own statements (an inbox insert, maybe a
    /// locking read) and hands the reader to <paramref name="readOwn"/>. The statements run in order and the first error
    /// stops them, so a duplicate inbox key is this command's own answer (the prefix has no inbox insert and ran
    /// before it); any other error may be the earlier event's, so it ends the group (<paramref name="groupBroken"/>) and
    /// comes out as <see cref="DeferredWritesFailedException"/>, never as an answer to this command's statements.
    /// </summary>
    public static async Task<T> ExecuteWithPrefixAsync<T>(
        MySqlCommand command, DeferredWrites prefix, Action groupBroken, Func<MySqlDataReader, Task<T>> readOwn, CancellationToken ct)
    {
        prefix.Prefix(command);
        try
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await readOwn(reader).ConfigureAwait(false);
            }
        }
        catch (MySqlException e) when (e.ErrorCode != MySqlErrorCode.DuplicateKeyEntry)
        {
            groupBroken();
            throw new DeferredWritesFailedException(SagaVersionGuard.IsRefusal(e) ? SagaVersionGuard.Conflict(e) : e);
        }
    }

    private static async Task ReadDeleteGuardsAsync(DbDataReader reader, int guarded, CancellationToken ct)
    {
        for (var i = 0; i < guarded; i++)
        {
            if (i > 0 && !await reader.NextResultAsync(ct).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The saga write batch returned fewer results than it has guarded deletes.");
            }

            if (!await reader.ReadAsync(ct).ConfigureAwait(false) || Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) != 1)
            {
                // Someone wrote the row without its lock: a fresh attempt reads it again (TransientSagaErrors).
                throw SagaVersionGuard.Conflict(refusal: null);
            }
        }
    }

    // In front of the command's own statements: only ever on a transaction already begun, whose commands carry no BEGIN.
    private void Attach(DbCommand command)
    {
        command.CommandText = Sql + command.CommandText;
        foreach (var parameter in Parameters)
        {
            command.Parameters.Add(parameter);
        }
    }
}

/// <summary>The held-back writes of an earlier event in the group failed: the group's transaction cannot commit.</summary>
internal sealed class DeferredWritesFailedException(Exception inner)
    : Exception("The writes of an earlier event in this group transaction failed; the group is rolled back and its events are applied again.", inner);
