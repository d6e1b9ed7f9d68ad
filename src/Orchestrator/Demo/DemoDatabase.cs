using System.Globalization;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Demo;

/// <summary>
/// Every demo run gets a database of its own, so its counts are exactly one onboarding's and the sample
/// customer's e-mail addresses never collide with an earlier run's.
/// </summary>
internal sealed record DemoDatabase(string Name, string ConnectionString)
{
    public static async Task<DemoDatabase> CreateAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        var name = "knapscen_demo_" + DateTime.UtcNow.ToString("yyyyMMdd_HHmmss_fff", CultureInfo.InvariantCulture);
        await using var connection = new MySqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new DemoDatabase(name, new MySqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString);
    }
}
