namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>Compensation of create-touchpoints: removes the customer's touchpoints; none there is already compensated.</summary>
internal static class DeleteTouchpointsStep
{
    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM touchpoints WHERE customer_id = @customer";
        command.Parameters.AddWithValue("@customer", customerId);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new StepOutcome(deleted > 0 ? $"deleted the touchpoints of customer {customerId}" : $"customer {customerId} had no touchpoints; nothing to delete");
    }
}
