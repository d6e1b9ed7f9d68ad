using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Migrations;

/// <summary>
/// Applies the embedded db/migrations scripts in version order and records each in <c>schema_migrations</c>.
/// Safe to run from several processes at once (a named lock serialises them) and as often as wanted.
/// </summary>
public sealed class SchemaMigrator
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(120);

    private const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INT          NOT NULL,
            name       VARCHAR(255) NOT NULL,
            checksum   CHAR(64)     NOT NULL,
            applied_at DATETIME(6)  NOT NULL,
            PRIMARY KEY (version)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
        """;

    private readonly string _connectionString;
    private readonly ILogger<SchemaMigrator> _logger;

    public SchemaMigrator(string connectionString, ILogger<SchemaMigrator>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Migration scripts may use session variables; the application's connections do not need that.
        _connectionString = new MySqlConnectionStringBuilder(connectionString) { AllowUserVariables = true }.ConnectionString;
        _logger = logger ?? NullLogger<SchemaMigrator>.Instance;
    }

    /// <summary>Applies every migration not yet applied; returns the file names it applied, in order.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct)
    {
        var scripts = MigrationScript.LoadEmbedded();
        await using var connection = new MySqlConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        if (string.IsNullOrEmpty(connection.Database))
        {
            throw new InvalidOperationException("The connection string names no database to migrate");
        }

        await using var migrationLock = await MySqlNamedLock
            .AcquireAsync(connection, "knapscen.migrate." + connection.Database, LockTimeout, ct)
            .ConfigureAwait(false);

        await ExecuteAsync(connection, CreateHistoryTableSql, ct).ConfigureAwait(false);
        var applied = await ReadAppliedAsync(connection, ct).ConfigureAwait(false);

        var newlyApplied = new List<string>();
        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Version, out var recorded))
            {
                EnsureUnchanged(script, recorded);
                continue;
            }

            _logger.LogInformation("Applying migration {Migration}", script.Name);
            // MySQL commits DDL implicitly, so a script is not atomic: scripts use IF NOT EXISTS and idempotent
            // seeds, which lets a run interrupted half-way simply be repeated.
            await ExecuteAsync(connection, script.Sql, ct).ConfigureAwait(false);
            await RecordAsync(connection, script, ct).ConfigureAwait(false);
            newlyApplied.Add(script.Name);
        }

        _logger.LogInformation("Schema is current: {Applied} migration(s) applied now, {Total} known", newlyApplied.Count, scripts.Count);
        return newlyApplied;
    }

    private static void EnsureUnchanged(MigrationScript script, AppliedMigration recorded)
    {
        if (!string.Equals(recorded.Checksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Migration {script.Version} ({script.Name}) was changed after it was applied as '{recorded.Name}': " +
                $"checksum {recorded.Checksum} in schema_migrations, {script.Checksum} now. Add a new migration instead of editing an applied one.");
        }
    }

    private static async Task<Dictionary<int, AppliedMigration>> ReadAppliedAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name, checksum FROM schema_migrations";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var applied = new Dictionary<int, AppliedMigration>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            applied[reader.GetInt32(0)] = new AppliedMigration(reader.GetString(1), reader.GetString(2));
        }

        return applied;
    }

    private static async Task RecordAsync(MySqlConnection connection, MigrationScript script, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, UTC_TIMESTAMP(6))";
        command.Parameters.AddWithValue("@version", script.Version);
        command.Parameters.AddWithValue("@name", script.Name);
        command.Parameters.AddWithValue("@checksum", script.Checksum);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private sealed record AppliedMigration(string Name, string Checksum);
}
