using System.Text.Json.Nodes;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Records the swag order (swag_orders, one row per customer); a rerun keeps the first row. A registration may carry
/// no shipping address: the order is still recorded, with the address left empty for a person to fill in.
/// </summary>
internal static class OrderSwagStep
{
    public const string EventType = "disco.knapscen.swag.ordered";

    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        var customerName = environment.Required("CUSTOMER_NAME");
        var tier = environment.SubscriptionTier();
        var address = environment.Optional("SHIPPING_ADDRESS");
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO swag_orders (customer_id, customer_name, subscription_tier, shipping_address, status, event_id, ordered_at)
            VALUES (@customer, @name, @tier, @address, 'ordered', @event, @now)
            ON DUPLICATE KEY UPDATE customer_id = customer_id
            """;
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@name", customerName);
        command.Parameters.AddWithValue("@tier", tier);
        command.Parameters.AddWithValue("@address", address);
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

        var data = new JsonObject { ["customer_name"] = customerName, ["subscription_tier"] = tier, ["shipping_address"] = address ?? "" };
        var result = ResultEvents.Create(environment, EventType, $"swag-ordered.{customerId}", customerId, data);
        return new StepOutcome(inserted ? $"ordered swag for customer {customerId} ({customerName})" : $"swag for customer {customerId} was already ordered", result);
    }
}
