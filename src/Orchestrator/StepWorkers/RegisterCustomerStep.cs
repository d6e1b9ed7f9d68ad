using MySqlConnector;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Writes the corporate customer under the saga's customer id, recording the saga that created it (SAGA_ID); running
/// it again changes nothing. A customer with that id that this saga did not create is refused for good: taking it over
/// would let this saga's compensation delete it with its users.
/// </summary>
internal static class RegisterCustomerStep
{
    public const string EventType = "disco.knapscen.customer.saved";

    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        var sagaId = environment.Optional("SAGA_ID");
        var name = environment.Required("COMPANY_NAME");
        var tier = environment.SubscriptionTier();
        var users = UsersOf(environment.Optional("COMPANY_DATA"));
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // The first run's row wins: a retried attempt must not rewrite what an operator may have corrected since.
        command.CommandText = """
            INSERT INTO corporate_customers (id, name, subscription_tier, created_by_saga) VALUES (@id, @name, @tier, @saga)
            ON DUPLICATE KEY UPDATE id = id
            """;
        command.Parameters.AddWithValue("@id", customerId);
        command.Parameters.AddWithValue("@name", name);
        command.Parameters.AddWithValue("@tier", tier);
        command.Parameters.AddWithValue("@saga", sagaId);
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        if (!inserted)
        {
            await RequireOwnAsync(connection, customerId, sagaId, cancellationToken).ConfigureAwait(false);
        }

        var data = new JsonObject { ["name"] = name, ["subscription_tier"] = tier, ["users"] = users };
        var result = ResultEvents.Create(environment, EventType, $"customer-saved.{customerId}", customerId, data);
        return new StepOutcome(inserted ? $"registered customer {customerId} ({name})" : $"customer {customerId} was already registered", result);
    }

    /// <exception cref="StepFailedException">The existing customer was created outside this saga.</exception>
    private static async Task RequireOwnAsync(MySqlConnection connection, string customerId, string? sagaId, CancellationToken cancellationToken)
    {
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT created_by_saga FROM corporate_customers WHERE id = @id";
        query.Parameters.AddWithValue("@id", customerId);
        var owner = await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        // Without SAGA_ID (an older catalog) ownership cannot be told: the earlier behaviour, taking the row, stays.
        if (sagaId is not null && owner != sagaId)
        {
            throw new StepFailedException(
                $"customer {customerId} already exists and was not created by this onboarding ({(owner is null ? "it belongs to no saga" : $"saga {owner} created it")}); refusing to take it over");
        }
    }

    // customer-saved carries the users so the original per-user Jobs can fan out from it, as they did in the choreography.
    private static JsonArray UsersOf(string? companyData)
    {
        if (companyData is null)
        {
            return [];
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(companyData);
        }
        catch (JsonException e)
        {
            throw new StepFailedException($"COMPANY_DATA is not valid JSON: {e.Message}");
        }

        if (parsed is not JsonObject registration)
        {
            throw new StepFailedException("COMPANY_DATA is not a JSON object");
        }

        return registration["users"] is JsonArray users ? (JsonArray)users.DeepClone() : [];
    }
}
