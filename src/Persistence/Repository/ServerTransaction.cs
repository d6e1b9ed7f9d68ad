using Microsoft.EntityFrameworkCore;
using Knapscen.Sagas.Persistence.Model;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// A ReadCommitted transaction on a DbContext's connection that costs no round trip of its own: its BEGIN travels in
/// front of the first command and its COMMIT behind the last. Through MySqlConnector's transaction object each is a
/// round trip, two of the four a lone event cost. Neither EF nor MySqlConnector knows of it, so nothing may start a
/// transaction of theirs on the connection meanwhile (SaveChanges would; the saga path never calls it).
/// </summary>
internal sealed class ServerTransaction
{
    // SET TRANSACTION (without SESSION) sets the next transaction only, so a pooled connection keeps its default.
    private const string BeginSql = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;\nSTART TRANSACTION;\n";

    private readonly SagaDbContext _db;

    private ServerTransaction(SagaDbContext db)
    {
        _db = db;
        Connection = (MySqlConnection)db.Database.GetDbConnection();
    }

    public MySqlConnection Connection { get; }

    /// <summary>A command has carried the BEGIN: statements on the connection are inside the transaction.</summary>
    public bool Begun { get; private set; }

    public bool Ended { get; private set; }

    /// <summary>Opens the context's connection (EF leaves an explicitly opened one open) and begins nothing yet.</summary>
    public static async Task<ServerTransaction> OpenAsync(SagaDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct).ConfigureAwait(false);
        var transaction = new ServerTransaction(db);
        db.SagaTransaction = transaction;
        return transaction;
    }

    /// <summary>
    /// A command whose text starts with <paramref name="sql"/>; the first command also begins the transaction, so
    /// statements may be appended to its text but never put in front of it.
    /// </summary>
    public MySqlCommand CreateCommand(string sql = "")
    {
        if (Ended)
        {
            throw new InvalidOperationException("The transaction has ended.");
        }

        var command = Connection.CreateCommand();
        command.CommandText = Begun ? sql : BeginSql + sql;
        Begun = true;
        return command;
    }

    private const string CommitSql = "COMMIT";

    /// <summary>
    /// Commits, in the command that sends <paramref name="lastWrites"/> when there are any: the COMMIT behind them runs
    /// only if every one of them succeeded. A transaction nothing was sent in has nothing to commit.
    /// </summary>
    public async Task CommitAsync(DeferredWrites? lastWrites, CancellationToken ct)
    {
        if (lastWrites is not null)
        {
            await lastWrites.ExecuteAsync(this, then: CommitSql, ct).ConfigureAwait(false);
        }
        else if (Begun)
        {
            await using var command = CreateCommand(CommitSql);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        End();
    }

    /// <summary>Rolls back whatever was begun; quietly, since the server may have ended it already (a deadlock, a lost connection).</summary>
    public async Task RollbackQuietlyAsync()
    {
        var wasOpen = Begun && !Ended;
        End();
        if (!wasOpen)
        {
            return;
        }

        try
        {
            await using var command = Connection.CreateCommand();
            command.CommandText = "ROLLBACK";
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Nothing left to undo: the server ended the transaction, or the connection is gone with it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void End()
    {
        Ended = true;
        _db.SagaTransaction = null;
    }
}
