namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Compensation of register-customer: deletes the corporate customer, and with it (foreign keys ON DELETE CASCADE)
/// its users, touchpoints, marketing notice and swag order. A customer that is not there is already compensated.
/// </summary>
internal static class DeleteCustomerStep
{
    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var sagaId = environment.Optional("SAGA_ID");
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("@saga", sagaId);
        if (environment.Optional("CUSTOMER_ID") is null)
        {
            // register-customer reported no customer (stopped before it could): only a row this saga recorded as its own.
            command.CommandText = "DELETE FROM corporate_customers WHERE created_by_saga = @saga";
            var removed = sagaId is not null && await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            return new StepOutcome(removed ? $"deleted the customer saga {sagaId} created and its rows" : "register-customer reported no customer and this saga owns none; nothing to delete");
        }

        var customerId = environment.CustomerId();
        // The id is register-customer's reported output, the proof that this saga's launch created it; an original image
        // records no owner, so a row without one is taken, but never one another onboarding owns.
        command.CommandText = "DELETE FROM corporate_customers WHERE id = @id AND (@saga IS NULL OR created_by_saga IS NULL OR created_by_saga = @saga)";
        command.Parameters.AddWithValue("@id", customerId);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        return new StepOutcome(deleted ? $"deleted customer {customerId} and its rows" : $"customer {customerId} was not there; nothing to delete");
    }
}
