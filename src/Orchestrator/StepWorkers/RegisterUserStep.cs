using System.Text.Json.Nodes;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Saves one user of the customer. An e-mail address belongs to one customer only (users.email is unique): the same
/// address already saved for this customer is this step's earlier run; saved for another customer, it is a conflict.
/// </summary>
internal static class RegisterUserStep
{
    public const string EventType = "disco.knapscen.user.saved";

    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        var name = environment.Required("USER_NAME");
        var email = environment.Required("USER_EMAIL");
        var role = environment.Required("ROLE_NAME");
        var customerName = environment.Optional("CUSTOMER_NAME");
        await using var connection = await StepDatabase.OpenAsync(environment, cancellationToken).ConfigureAwait(false);
        var roleId = await FindRoleAsync(connection, role, cancellationToken).ConfigureAwait(false)
            ?? throw new StepFailedException($"role '{role}' does not exist");

        var (userId, inserted) = await SaveAsync(connection, new UserRow(customerId, roleId, name, email, environment.Optional("SAGA_ID")), cancellationToken).ConfigureAwait(false);
        var data = new JsonObject { ["user_id"] = userId, ["name"] = name, ["email"] = email, ["role"] = role };
        if (customerName is not null)
        {
            data["customer_name"] = customerName;
        }

        var result = ResultEvents.Create(environment, EventType, $"user-saved.{customerId}.{ResultEvents.UserKey(email)}", customerId, data);
        return new StepOutcome(inserted ? $"registered user {email} ({role}) of customer {customerId}" : $"user {email} of customer {customerId} was already registered", result);
    }

    private static async Task<(string UserId, bool Inserted)> SaveAsync(MySqlConnection connection, UserRow row, CancellationToken cancellationToken)
    {
        var (customerId, roleId, name, email, sagaId) = row;
        if (await FindOwnerAsync(connection, email, customerId, sagaId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (existing, false);
        }

        var userId = Guid.NewGuid().ToString("D");
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO users (id, customer_id, role_id, name, email, created_by_saga) VALUES (@id, @customer, @role, @name, @email, @saga)";
        insert.Parameters.AddWithValue("@saga", sagaId);
        insert.Parameters.AddWithValue("@id", userId);
        insert.Parameters.AddWithValue("@customer", customerId);
        insert.Parameters.AddWithValue("@role", roleId);
        insert.Parameters.AddWithValue("@name", name);
        insert.Parameters.AddWithValue("@email", email);
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return (userId, true);
        }
        catch (MySqlException e) when (StepDatabase.IsDuplicateKey(e))
        {
            // A concurrent attempt saved the address between the check and the insert: judge its row like any other.
            return (await FindOwnerAsync(connection, email, customerId, sagaId, cancellationToken).ConfigureAwait(false)
                ?? throw new StepFailedException($"email {email} could not be saved: {StepDatabase.OneLine(e.Message)}"), false);
        }
        catch (MySqlException e) when (StepDatabase.IsMissingParent(e))
        {
            throw new StepFailedException($"customer {customerId} does not exist");
        }
    }

    /// <returns>The id of this customer's user with that address that this saga created, null when nobody has it.</returns>
    /// <exception cref="StepFailedException">Another customer has the address, or this saga (SAGA_ID) did not create the user.</exception>
    private static async Task<string?> FindOwnerAsync(MySqlConnection connection, string email, string customerId, string? sagaId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, customer_id, created_by_saga FROM users WHERE email = @email";
        command.Parameters.AddWithValue("@email", email);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (!string.Equals(reader.GetString(1), customerId, StringComparison.OrdinalIgnoreCase))
        {
            throw new StepFailedException($"email {email} is already registered to another customer");
        }

        // Taking over a user created elsewhere would let this saga's compensation delete it.
        var owner = reader.IsDBNull(2) ? null : reader.GetString(2);
        return sagaId is null || owner == sagaId
            ? reader.GetString(0)
            : throw new StepFailedException($"user {email} of customer {customerId} already exists and was not created by this onboarding; refusing to take it over");
    }

    private sealed record UserRow(string CustomerId, string RoleId, string Name, string Email, string? SagaId);

    private static async Task<string?> FindRoleAsync(MySqlConnection connection, string role, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM user_roles WHERE role_name = @role";
        command.Parameters.AddWithValue("@role", role);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
