using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.StepWorkers;

/// <summary>A migrated database of the test's own and the knapscen-config keys (DB_*) that point a step at it.</summary>
public sealed class StepWorkerDatabase : IAsyncDisposable
{
    private readonly TestDatabase database;

    private StepWorkerDatabase(TestDatabase database, string connectionString, string natsUrl)
    {
        this.database = database;
        ConnectionString = connectionString;
        NatsUrl = natsUrl;
    }

    public string ConnectionString { get; }

    public string NatsUrl { get; }

    public static async Task<StepWorkerDatabase> CreateAsync()
    {
        var stack = await Stack.UpAsync();
        var database = await TestDatabase.CreateAsync();
        // Ids read back as the text the steps write, so tests compare them with strings.
        var text = new MySqlConnectionStringBuilder(database.ConnectionString) { GuidFormat = MySqlGuidFormat.None }.ConnectionString;
        return new StepWorkerDatabase(database, text, stack.NatsUrl);
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    /// <summary>The secret's database keys; no NATS_* keys, so nothing is published unless a test asks for it.</summary>
    public Dictionary<string, string> Secret()
    {
        var builder = new MySqlConnectionStringBuilder(ConnectionString);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DB_HOST"] = builder.Server,
            ["DB_PORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DB_USER"] = builder.UserID,
            ["DB_PASSWORD"] = builder.Password,
            ["DB_NAME"] = builder.Database,
        };
    }

    public string Password => new MySqlConnectionStringBuilder(ConnectionString).Password;

    public async Task<long> CountAsync(string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    /// <summary>Every domain row as text, to prove a rerun changed nothing at all.</summary>
    public async Task<string> SnapshotAsync()
    {
        string[] queries =
        [
            "SELECT id, name, subscription_tier, created_at, updated_at FROM corporate_customers ORDER BY id",
            "SELECT id, customer_id, role_id, name, email, created_at, updated_at FROM users ORDER BY id",
            "SELECT id, customer_id, welcome_outreach, technical_onboarding, follow_up_call, feedback_session, created_at, updated_at FROM touchpoints ORDER BY id",
            "SELECT * FROM marketing_notices ORDER BY customer_id",
            "SELECT * FROM swag_orders ORDER BY customer_id",
        ];
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        var text = new System.Text.StringBuilder();
        foreach (var query in queries)
        {
            await using var command = new MySqlCommand(query, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{reader.GetValue(i)}|");
                }

                text.AppendLine();
            }

            text.AppendLine("--");
        }

        return text.ToString();
    }
}
