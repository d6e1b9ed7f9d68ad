using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Persistence;

/// <summary>
/// The intake's bounds are written in C#, the columns in SQL migrations: these tests fail when one moves without the
/// other, so an event the intake lets through always fits where it is stored.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_the_intake_bounds_are_compared_with_the_schema
{
    [Theory]
    [InlineData("processed_events", "event_id", EventIdentityLimits.MaxIdLength)]
    [InlineData("processed_events", "event_source", EventIdentityLimits.MaxSourceLength)]
    [InlineData("onboarding_sagas", "registration_event_id", EventIdentityLimits.MaxIdLength)]
    [InlineData("onboarding_sagas", "registration_event_source", EventIdentityLimits.MaxSourceLength)]
    public async Task Should_find_every_event_identity_column_as_wide_as_the_limit(string table, string column, int limit)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table AND COLUMN_NAME = @column",
            connection);
        command.Parameters.AddWithValue("@table", table);
        command.Parameters.AddWithValue("@column", column);

        Assert.Equal((long)limit, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Should_default_to_exactly_the_roles_the_migrations_seed()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT role_name FROM user_roles", connection);
        var seeded = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                seeded.Add(reader.GetString(0));
            }
        }

        Assert.Equal(seeded.Order(StringComparer.Ordinal), new IntakeOptions().AllowedRoles().Order(StringComparer.Ordinal));
    }
}
