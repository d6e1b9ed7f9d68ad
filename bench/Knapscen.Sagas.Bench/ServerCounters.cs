using System.Globalization;
using MySqlConnector;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// The server's own commit counters. Com_commit counts COMMIT statements, i.e. explicit transactions; Handler_commit
/// counts storage-engine commits, including every autocommit statement (reads too). Both are server-wide: anything
/// else using the same MariaDB shows up in the delta, which the baseline's own ratio makes visible. Questions (client
/// statements) and row-lock waits tell round trips from lock contention when the rate falls short.
/// </summary>
internal sealed record ServerCounters(long ComCommit, long HandlerCommit, long ComRollback, long Questions, long RowLockWaits)
{
    public static async Task<ServerCounters> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand(
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_commit', 'Handler_commit', 'Com_rollback', 'Questions', 'Innodb_row_lock_waits')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values[reader.GetString(0)] = long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
        }

        return new ServerCounters(
            values["Com_commit"], values["Handler_commit"], values["Com_rollback"], values["Questions"], values["Innodb_row_lock_waits"]);
    }

    public ServerCounters Minus(ServerCounters earlier) =>
        new(
            ComCommit - earlier.ComCommit,
            HandlerCommit - earlier.HandlerCommit,
            ComRollback - earlier.ComRollback,
            Questions - earlier.Questions,
            RowLockWaits - earlier.RowLockWaits);
}
