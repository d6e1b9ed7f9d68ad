namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Compensation of register-user: deletes this customer's user with that address. The customer id is part of the
/// match, so compensating one saga can never remove a user another customer owns.
/// </summary>
internal static class DeleteUserStep
{
    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        var email = environment.Required("USER_EMAIL");
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // With SAGA_ID, only a user this saga created: never one that existed before or another onboarding owns.
        command.CommandText = "DELETE FROM users WHERE customer_id = @customer AND email = @email AND (@saga IS NULL OR created_by_saga = @saga)";
        command.Parameters.AddWithValue("@saga", environment.Optional("SAGA_ID"));
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@email", email);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        return new StepOutcome(deleted ? $"deleted user {email} of customer {customerId}" : $"user {email} of customer {customerId} was not there; nothing to delete");
    }
}
