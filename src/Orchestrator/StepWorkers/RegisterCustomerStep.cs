using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>Writes the corporate customer under the saga's customer id; running it again changes nothing.</summary>
internal static class RegisterCustomerStep
{
    public static async Task<string> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.Required("CUSTOMER_ID");
        var name = environment.Required("COMPANY_NAME");
        var tier = environment.Required("SUBSCRIPTION_TIER");
        await using var connection = new MySqlConnection(environment.ConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // The first run's row wins: a retried attempt must not rewrite what an operator may have corrected since.
        command.CommandText = """
            INSERT INTO corporate_customers (id, name, subscription_tier) VALUES (@id, @name, @tier)
            ON DUPLICATE KEY UPDATE id = id
            """;
        command.Parameters.AddWithValue("@id", customerId);
        command.Parameters.AddWithValue("@name", name);
        command.Parameters.AddWithValue("@tier", tier);
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        return inserted ? $"registered customer {customerId} ({name})" : $"customer {customerId} was already registered";
    }
}
