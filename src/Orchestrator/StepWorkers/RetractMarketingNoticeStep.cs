namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Compensation of notify-marketing: marks the notice retracted rather than deleting it, so marketing can see that it
/// was told and then told otherwise. An absent or already retracted notice needs nothing.
/// </summary>
internal static class RetractMarketingNoticeStep
{
    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE marketing_notices SET status = 'retracted', retracted_at = @now WHERE customer_id = @customer AND status <> 'retracted'";
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@now", environment.Clock.GetUtcNow().UtcDateTime);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        return new StepOutcome(changed ? $"retracted the marketing notice of customer {customerId}" : $"customer {customerId} has no active marketing notice; nothing to retract");
    }
}
