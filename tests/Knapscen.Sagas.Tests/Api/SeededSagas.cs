using System.Globalization;
using System.Text;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Api;

/// <summary>
/// Saga rows written straight into onboarding_sagas (a thousand through the saga would take minutes); only the read
/// side sees them. Row i: state States[i % 9], created i minutes after <see cref="Start"/>, idle for two hours when i
/// is even (stuck, unless final), one customer named <see cref="UniqueCustomer"/>.
/// </summary>
internal sealed record SeededSaga(Guid Id, string State, string Customer, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly string[] States =
        ["RegisteringCustomer", "RegisteringUsers", "Welcoming", "CreatingTouchpoints", "Compensating", "NeedsAttention", "Completed", "Compensated", "Cancelled"];

    public const string UniqueCustomer = "Zebra Unique Holdings";

    public static readonly DateTime Start = DateTime.UtcNow.Date.AddDays(-2);

    public bool IsFinal => State is "Completed" or "Compensated" or "Cancelled";

    // The documented definition (db/README.md), for sagas without a deadline: NeedsAttention, or no progress for 30 minutes.
    public bool IsStuck => !IsFinal && (State == "NeedsAttention" || UpdatedAt < DateTime.UtcNow.AddMinutes(-30));

    public static IReadOnlyList<SeededSaga> Create(int count)
    {
        var now = DateTime.UtcNow;
        return [.. Enumerable.Range(0, count).Select(i => new SeededSaga(
            Guid.NewGuid(),
            States[i % States.Length],
            i == 42 ? UniqueCustomer : $"Seeded Customer {i:D4}",
            Start.AddMinutes(i),
            i % 2 == 0 ? now.AddHours(-2) : now))];
    }

    public static async Task InsertAsync(string connectionString, IReadOnlyList<SeededSaga> sagas)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var batch in sagas.Chunk(250))
        {
            var sql = new StringBuilder(
                "INSERT INTO onboarding_sagas (correlation_id, current_state, version, customer_name, subscription_tier, users_json, " +
                "registration_data_json, registration_event_id, registration_event_source, steps_json, created_at, updated_at, finished_at) VALUES ");
            await using var command = new MySqlCommand { Connection = connection };
            for (var i = 0; i < batch.Length; i++)
            {
                var saga = batch[i];
                sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                    $"(@id{i}, @state{i}, 1, @name{i}, 'basic', '[]', '{{}}', @id{i}, 'api-tests', '[]', @created{i}, @updated{i}, @finished{i})");
                command.Parameters.AddWithValue($"@id{i}", saga.Id.ToString());
                command.Parameters.AddWithValue($"@state{i}", saga.State);
                command.Parameters.AddWithValue($"@name{i}", saga.Customer);
                command.Parameters.AddWithValue($"@created{i}", saga.CreatedAt);
                command.Parameters.AddWithValue($"@updated{i}", saga.UpdatedAt);
                command.Parameters.AddWithValue($"@finished{i}", saga.IsFinal ? saga.UpdatedAt : null);
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync();
        }
    }
}
