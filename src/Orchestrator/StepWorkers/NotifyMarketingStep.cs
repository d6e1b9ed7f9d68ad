using System.Text.Json.Nodes;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>Records the notice to marketing (marketing_notices, one row per customer); a rerun keeps the first row.</summary>
internal static class NotifyMarketingStep
{
    public const string EventType = "disco.knapscen.marketing.notified";

    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        var customerName = environment.Required("CUSTOMER_NAME");
        var tier = environment.SubscriptionTier();
        var userCount = environment.NonNegativeInteger("USER_COUNT");
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO marketing_notices (customer_id, customer_name, subscription_tier, user_count, status, event_id, notified_at)
            VALUES (@customer, @name, @tier, @count, 'notified', @event, @now)
            ON DUPLICATE KEY UPDATE customer_id = customer_id
            """;
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@name", customerName);
        command.Parameters.AddWithValue("@tier", tier);
        command.Parameters.AddWithValue("@count", userCount);
        command.Parameters.AddWithValue("@event", environment.Optional("EVENT_ID"));
        command.Parameters.AddWithValue("@now", environment.Clock.GetUtcNow().UtcDateTime);
        bool inserted;
        try
        {
            inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        catch (MySqlException e) when (StepDatabase.IsMissingParent(e))
        {
            throw new StepFailedException($"customer {customerId} does not exist");
        }

        var data = new JsonObject { ["customer_name"] = customerName, ["subscription_tier"] = tier, ["user_count"] = userCount };
        var result = ResultEvents.Create(environment, EventType, $"marketing-notified.{customerId}", customerId, data);
        return new StepOutcome(inserted ? $"notified marketing of customer {customerId} ({customerName}, {userCount} users)" : $"marketing was already notified of customer {customerId}", result);
    }
}
