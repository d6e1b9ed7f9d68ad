using System.Text.Json;
using System.Text.Json.Nodes;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>Writes the corporate customer under the saga's customer id; running it again changes nothing.</summary>
internal static class RegisterCustomerStep
{
    public const string EventType = "disco.knapscen.customer.saved";

    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        var name = environment.Required("COMPANY_NAME");
        var tier = environment.SubscriptionTier();
        var users = UsersOf(environment.Optional("COMPANY_DATA"));
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
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
        var data = new JsonObject { ["name"] = name, ["subscription_tier"] = tier, ["users"] = users };
        var result = ResultEvents.Create(environment, EventType, $"customer-saved.{customerId}", customerId, data);
        return new StepOutcome(inserted ? $"registered customer {customerId} ({name})" : $"customer {customerId} was already registered", result);
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
