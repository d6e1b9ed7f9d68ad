using System.Data;
using System.Globalization;
using System.Text.Json.Nodes;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Creates the customer's one touchpoints row (see <see cref="TouchpointSchedule"/>). The touchpoints table has no
/// unique key on customer_id (it is the original schema), so the customer row is locked while checking and inserting:
/// concurrent attempts then queue instead of inserting twice. A rerun keeps the first run's dates.
/// </summary>
internal static class CreateTouchpointsStep
{
    public const string EventType = "disco.knapscen.touchpoints.created";

    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        var customerName = environment.Required("CUSTOMER_NAME");
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        var tier = await LockCustomerAsync(connection, transaction, customerId, cancellationToken).ConfigureAwait(false)
            ?? throw new StepFailedException($"customer {customerId} does not exist");
        var schedule = await ReadAsync(connection, transaction, customerId, cancellationToken).ConfigureAwait(false);
        var created = schedule is null;
        if (schedule is null)
        {
            schedule = TouchpointSchedule.From(DateOnly.FromDateTime(environment.Clock.GetUtcNow().UtcDateTime));
            await InsertAsync(connection, transaction, customerId, schedule, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var data = new JsonObject
        {
            ["customer_name"] = customerName,
            ["subscription_tier"] = tier,
            ["welcome_outreach"] = Text(schedule.WelcomeOutreach),
            ["technical_onboarding"] = Text(schedule.TechnicalOnboarding),
            ["follow_up_call"] = Text(schedule.FollowUpCall),
            ["feedback_session"] = Text(schedule.FeedbackSession),
        };
        var result = ResultEvents.Create(environment, EventType, $"touchpoints-created.{customerId}", customerId, data);
        return new StepOutcome(
            created
                ? $"created touchpoints for customer {customerId} (welcome outreach {Text(schedule.WelcomeOutreach)})"
                : $"touchpoints for customer {customerId} already existed",
            result);
    }

    private static async Task<string?> LockCustomerAsync(MySqlConnection connection, MySqlTransaction transaction, string customerId, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT subscription_tier FROM corporate_customers WHERE id = @id FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("@id", customerId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static async Task<TouchpointSchedule?> ReadAsync(MySqlConnection connection, MySqlTransaction transaction, string customerId, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            "SELECT welcome_outreach, technical_onboarding, follow_up_call, feedback_session FROM touchpoints WHERE customer_id = @id ORDER BY created_at LIMIT 1",
            connection,
            transaction);
        command.Parameters.AddWithValue("@id", customerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new TouchpointSchedule(DateAt(reader, 0), DateAt(reader, 1), DateAt(reader, 2), DateAt(reader, 3));
    }

    private static async Task InsertAsync(MySqlConnection connection, MySqlTransaction transaction, string customerId, TouchpointSchedule schedule, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            """
            INSERT INTO touchpoints (id, customer_id, welcome_outreach, technical_onboarding, follow_up_call, feedback_session)
            VALUES (@id, @customer, @welcome, @technical, @follow, @feedback)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("@id", Guid.NewGuid().ToString("D"));
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@welcome", schedule.WelcomeOutreach);
        command.Parameters.AddWithValue("@technical", schedule.TechnicalOnboarding);
        command.Parameters.AddWithValue("@follow", schedule.FollowUpCall);
        command.Parameters.AddWithValue("@feedback", schedule.FeedbackSession);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DateOnly? DateAt(MySqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateOnly.FromDateTime(reader.GetDateTime(ordinal));

    private static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
