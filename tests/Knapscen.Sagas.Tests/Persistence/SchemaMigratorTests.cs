using Knapscen.Sagas.Persistence.Migrations;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class SchemaMigratorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Every file in db/migrations: what the binary must carry and apply.</summary>
    private static readonly string[] MigrationFiles =
        [.. Directory.GetFiles(Path.Combine(Stack.RepositoryRoot, "db", "migrations"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public async Task Migrating_twice_applies_everything_once_and_records_each_version()
    {
        await using var database = await TestDatabase.CreateAsync(migrated: false);
        var connectionString = database.ConnectionString;
        var migrator = new SchemaMigrator(connectionString);

        var first = await migrator.MigrateAsync(CancellationToken.None).WaitAsync(Timeout);
        var second = await migrator.MigrateAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(MigrationFiles, first);
        Assert.Empty(second);
        Assert.Equal(Enumerable.Range(1, MigrationFiles.Length).Select(version => (long)version), await ColumnAsync<long>(connectionString, "SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal(
            ["admin_user", "customer_account_owner", "generic_user"],
            await ColumnAsync<string>(connectionString, "SELECT role_name FROM user_roles ORDER BY role_name"));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync(migrated: false);
        var connectionString = database.ConnectionString;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new SchemaMigrator(connectionString).MigrateAsync(CancellationToken.None))).WaitAsync(Timeout);

        Assert.Equal(MigrationFiles, results.SelectMany(applied => applied).Order(StringComparer.Ordinal));
        Assert.Equal(MigrationFiles.Length, (await ColumnAsync<long>(connectionString, "SELECT COUNT(*) FROM schema_migrations")).Single());
    }

    [Fact]
    public async Task An_applied_migration_that_changed_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(migrated: false);
        var connectionString = database.ConnectionString;
        await new SchemaMigrator(connectionString).MigrateAsync(CancellationToken.None).WaitAsync(Timeout);
        await ColumnAsync<long>(connectionString, "UPDATE schema_migrations SET checksum = REPEAT('0', 64) WHERE version = 1; SELECT ROW_COUNT()");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(connectionString).MigrateAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("0001_saga_tables.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checksums_ignore_line_ending_style()
    {
        Assert.Equal(MigrationScript.ChecksumOf("SELECT 1;\nSELECT 2;\n"), MigrationScript.ChecksumOf("SELECT 1;\r\nSELECT 2;\r\n"));
    }


    private static async Task<List<T>> ColumnAsync<T>(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync().WaitAsync(Timeout);
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(Timeout);
        var values = new List<T>();
        do
        {
            while (await reader.ReadAsync().WaitAsync(Timeout))
            {
                values.Add(reader.GetFieldValue<T>(0));
            }
        }
        while (await reader.NextResultAsync().WaitAsync(Timeout));

        return values;
    }
}
