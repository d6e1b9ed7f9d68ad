namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Compensation of register-customer: deletes the corporate customer, and with it (foreign keys ON DELETE CASCADE)
/// its users, touchpoints, marketing notice and swag order. A customer that is not there is already compensated.
/// </summary>
internal static class DeleteCustomerStep
{
    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // With SAGA_ID, only a customer this saga created: never one that existed before or another onboarding owns.
        // Without it (a catalog acting on an original image's output, which always creates a new customer) by id.
        command.CommandText = "DELETE FROM corporate_customers WHERE id = @id AND (@saga IS NULL OR created_by_saga = @saga)";
        command.Parameters.AddWithValue("@id", customerId);
        command.Parameters.AddWithValue("@saga", environment.Optional("SAGA_ID"));
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        return new StepOutcome(deleted ? $"deleted customer {customerId} and its rows" : $"customer {customerId} was not there; nothing to delete");
    }
}
