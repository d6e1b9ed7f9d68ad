using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// The writes of an applied event (history rows, the inbox's saga id, the guarded saga rows) as one batch. In a group it
/// is held back to travel with the group's next command (the next event's inbox insert and locking read) instead of
/// costing a round trip of its own; on an event's own transaction it runs at once. The batch ends with the matched-row
/// results of its guarded saga writes, so whoever runs it knows, once it has read them, that every statement of the
/// batch succeeded and that any later error belongs to its own statements.
/// </summary>
internal sealed class DeferredWrites(string sql, IReadOnlyList<DbParameter> parameters, int guarded)
{
    public string Sql { get; } = sql;

    public IReadOnlyList<DbParameter> Parameters { get; } = parameters;

    /// <summary>How many one-row matched-count results the batch yields (at least one for a batch held back).</summary>
    public int Guarded { get; } = guarded;

    /// <summary>Puts the batch in front of <paramref name="command"/>'s own statements.</summary>
    public void Prefix(DbCommand command)
    {
        command.CommandText = Sql + command.CommandText;
        foreach (var parameter in Parameters)
        {
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>Runs the batch as a command of its own.</summary>
    public async Task ExecuteAsync(DbCommand command, CancellationToken ct)
    {
        Prefix(command);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await ReadGuardsAsync(reader, Guarded, ct).ConfigureAwait(false);
            // Statements after the guards only run as the reader moves past them; an error there must surface here.
            while (await reader.NextResultAsync(ct).ConfigureAwait(false))
            {
            }
        }
    }

    /// <summary>
    /// Reads the first <paramref name="guarded"/> results (each the rows a guarded saga write matched), leaving the
    /// reader on the last of them.
    /// </summary>
    public static async Task ReadGuardsAsync(DbDataReader reader, int guarded, CancellationToken ct)
    {
        for (var i = 0; i < guarded; i++)
        {
            if (i > 0 && !await reader.NextResultAsync(ct).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The saga write batch returned fewer results than it has guarded writes.");
            }

            if (!await reader.ReadAsync(ct).ConfigureAwait(false) || Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) != 1)
            {
                // Someone wrote the row without its lock: a fresh attempt reads it again (TransientSagaErrors).
                throw new DbUpdateConcurrencyException("A saga row changed after this transaction locked it; its version no longer matches.");
            }
        }
    }

    /// <summary>
    /// Runs a command that carries <paramref name="prefix"/> in front of its own statements and hands the reader, past
    /// the prefix's results, to <paramref name="readOwn"/>. A failure while the prefix is read is the earlier event's
    /// and ends the group (<paramref name="groupBroken"/>); it comes out as <see cref="DeferredWritesFailedException"/>,
    /// so it is never taken for an answer to this command's own statements.
    /// </summary>
    public static async Task<T> ExecuteWithPrefixAsync<T>(
        MySqlCommand command, DeferredWrites prefix, Action groupBroken, Func<MySqlDataReader, bool, Task<T>> readOwn, CancellationToken ct)
    {
        MySqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MySqlException or DbUpdateConcurrencyException)
        {
            groupBroken();
            throw new DeferredWritesFailedException(e);
        }

        await using (reader.ConfigureAwait(false))
        {
            try
            {
                await ReadGuardsAsync(reader, prefix.Guarded, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MySqlException or DbUpdateConcurrencyException or InvalidOperationException)
            {
                groupBroken();
                throw new DeferredWritesFailedException(e);
            }

            // From here on every error is this command's own.
            var hasOwnResult = await reader.NextResultAsync(ct).ConfigureAwait(false);
            return await readOwn(reader, hasOwnResult).ConfigureAwait(false);
        }
    }
}

/// <summary>The held-back writes of an earlier event in the group failed: the group's transaction cannot commit.</summary>
internal sealed class DeferredWritesFailedException(Exception inner)
    : Exception("The writes of an earlier event in this group transaction failed; the group is rolled back and its events are applied again.", inner);
