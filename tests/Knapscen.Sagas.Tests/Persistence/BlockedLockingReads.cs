using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Persistence;

/// <summary>What the server's process list shows: a connection still inside a locking read of one saga's row.</summary>
internal static class BlockedLockingReads
{
    /// <summary>
    /// Completes once another connection's <c>SELECT … FOR UPDATE</c> of <paramref name="sagaId"/> is still executing,
    /// which, while a test's rival holds that row, means it waits for the rival's lock.
    /// </summary>
    public static Task UntilOneWaitsForAsync(string connectionString, Guid sagaId, TimeSpan timeout) =>
        Eventually.TrueAsync(
            async () =>
            {
                await using var connection = new MySqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new MySqlCommand(
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO LIKE @pattern",
                    connection);
                command.Parameters.AddWithValue("@pattern", $"%{sagaId}%FOR UPDATE%");
                return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
            },
            timeout,
            $"a locking read of saga {sagaId} waiting for its row");
}
