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
        await ExecuteAsync($"DROP DATABASE IF EXISTS `{Name}`");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WaitAsync(Timeout);
    }
}
