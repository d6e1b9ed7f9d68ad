namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Compensation of order-swag: marks the order cancelled rather than deleting it, so whoever ships swag sees the
/// cancellation. An absent or already cancelled order needs nothing.
/// </summary>
internal static class CancelSwagOrderStep
{
    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE swag_orders SET status = 'cancelled', cancelled_at = @now WHERE customer_id = @customer AND status <> 'cancelled'";
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@now", environment.Clock.GetUtcNow().UtcDateTime);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        return new StepOutcome(changed ? $"cancelled the swag order of customer {customerId}" : $"customer {customerId} has no open swag order; nothing to cancel");
    }
}
