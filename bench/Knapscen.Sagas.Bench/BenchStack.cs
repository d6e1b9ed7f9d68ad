using MySqlConnector;

namespace Knapscen.Sagas.Bench;

/// <summary>The project's NATS and MariaDB (scripts/stack.sh up), a fresh database and a subject prefix of this run.</summary>
internal sealed record BenchStack(string NatsUrl, string ConnectionString, string DatabaseName, string SubjectPrefix)
{
    public static async Task<BenchStack> UpAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        await StackScript.RunAsync(repositoryRoot, "stack.sh", "up", cancellationToken).ConfigureAwait(false);
        var stateDir = StackScript.StateDirectory(repositoryRoot);
        StackServerCpu.LocateAll(stateDir);
        var values = StackEnvFile.Read(Path.Combine(stateDir, "stack.env"));
        var suffix = DateTime.UtcNow.ToString("yyyyMMdd_HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..6];
        var database = "knapscen_bench_" + suffix;
        var serverConnection = values["Database__ConnectionString"];
        await using (var connection = new MySqlConnection(serverConnection))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var connectionString = new MySqlConnectionStringBuilder(serverConnection) { Database = database }.ConnectionString;
        return new BenchStack(values["Nats__Url"], connectionString, database, "b" + Guid.NewGuid().ToString("N")[..10] + ".");
    }

    public async Task DropDatabaseAsync(CancellationToken cancellationToken)
    {
        MySqlConnection.ClearAllPools();
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(ConnectionString) { Database = "" }.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS `{DatabaseName}`";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
