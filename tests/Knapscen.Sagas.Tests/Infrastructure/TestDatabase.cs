using System.Globalization;
using Knapscen.Sagas.Persistence.Migrations;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// The one way a test gets a database: its own, migrated unless asked otherwise, dropped on dispose. The name carries
/// its creation time, so <see cref="Leftovers"/> can tell a crashed run's database from one a running test uses.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    internal const string NamePrefix = "knapscen_t_";

    internal const string CreatedFormat = "yyyyMMddHHmm";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new MySqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <param name="migrated">False for tests of the migrator itself: an empty database.</param>
    public static async Task<TestDatabase> CreateAsync(bool migrated = true)
    {
        var stack = await Stack.UpAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var name = NamePrefix + DateTime.UtcNow.ToString(CreatedFormat, CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..12];
        var database = new TestDatabase(stack.ConnectionString, name);
        await database.ExecuteAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        if (migrated)
        {
            await new SchemaMigrator(database.ConnectionString).MigrateAsync(CancellationToken.None).WaitAsync(Timeout);
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await EndSessionsAsync();
        await ExecuteAsync($"DROP DATABASE IF EXISTS `{Name}`");
    }

    /// <summary>
    /// Ends the sessions still on this database: a killed orchestrator's that the server has not noticed yet (a
    /// statement waiting for a lock is not interrupted by its client's death) or an in-process host's pooled ones. Any of
    /// them holds its tables' metadata locks, and the DROP would wait for them past its timeout.
    /// </summary>
    private async Task EndSessionsAsync()
    {
        await using var connection = new MySqlConnection(adminConnectionString);
        await connection.OpenAsync();
        var sessions = new List<long>();
        await using (var list = new MySqlCommand("SELECT id FROM information_schema.processlist WHERE db = @name AND id <> CONNECTION_ID()", connection))
        {
            list.Parameters.AddWithValue("@name", Name);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sessions.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        foreach (var session in sessions)
        {
            try
            {
                await using var kill = new MySqlCommand($"KILL CONNECTION {session}", connection);
                await kill.ExecuteNonQueryAsync().WaitAsync(Timeout);
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.NoSuchThread)
            {
                // It ended by itself meanwhile.
            }
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WaitAsync(Timeout);
    }
}
