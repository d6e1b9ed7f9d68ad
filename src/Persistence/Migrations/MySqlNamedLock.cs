using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Migrations;

/// <summary>
/// A server-wide named lock (GET_LOCK) held by one connection. Named locks survive neither the connection nor
/// a server restart, so a crashed migrator never leaves the lock behind.
/// </summary>
internal sealed class MySqlNamedLock : IAsyncDisposable
{
    // MySQL rejects lock names longer than 64 characters.
    private const int MaxNameLength = 64;

    private readonly MySqlConnection _connection;
    private readonly string _name;

    private MySqlNamedLock(MySqlConnection connection, string name)
    {
        _connection = connection;
        _name = name;
    }

    public static async Task<MySqlNamedLock> AcquireAsync(MySqlConnection connection, string name, TimeSpan timeout, CancellationToken ct)
    {
        var lockName = name.Length > MaxNameLength ? name[..MaxNameLength] : name;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT GET_LOCK(@name, @seconds)";
        command.Parameters.AddWithValue("@name", lockName);
        command.Parameters.AddWithValue("@seconds", (int)Math.Ceiling(timeout.TotalSeconds));
        var result = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        if (result is null or DBNull || Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture) != 1)
        {
            throw new TimeoutException($"Could not take the lock '{lockName}' within {timeout.TotalSeconds:0} s: another process is migrating this database");
        }

        return new MySqlNamedLock(connection, lockName);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            // A broken connection (a statement timed out) took the lock with it; releasing would only hide the error.
            return;
        }

        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT RELEASE_LOCK(@name)";
        command.Parameters.AddWithValue("@name", _name);
        await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
