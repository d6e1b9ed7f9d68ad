using Knapscen.Sagas.Orchestrator.Operations;
using Knapscen.Sagas.Persistence.Reading;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Api;

/// <summary>
/// The step filter of bulk retries and compensations: an attempt's history row is written when it finishes, so a saga
/// whose attempt still runs (a hung Job, the usual reason to retry in bulk) is found through its steps on the saga row.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_sagas_are_found_by_step : IAsyncLifetime
{
    private readonly Guid running = Guid.NewGuid();
    private readonly Guid finished = Guid.NewGuid();
    private readonly Guid other = Guid.NewGuid();
    private TestDatabase database = null!;

    public async Task InitializeAsync()
    {
        await Stack.UpAsync();
        database = await TestDatabase.CreateAsync();
        await InsertSagaAsync(running, """[{"step":"order-swag","userIndex":null,"attempt":1,"status":"Running","launchId":"order-swag-s-a1-x"}]""");
        await InsertSagaAsync(finished, """[{"step":"order-swag","userIndex":null,"attempt":1,"status":"Failed","launchId":"order-swag-s-a1-y"}]""");
        await InsertSagaAsync(other, """[{"step":"notify-marketing","userIndex":null,"attempt":1,"status":"Running","launchId":"notify-marketing-s-a1-z"},{"step":"order-swag","userIndex":null,"attempt":0,"status":"Pending","launchId":null}]""");
        await ExecuteAsync(
            "INSERT INTO saga_step_history (saga_id, step, user_index, attempt, launch_id, started_at, finished_at, outcome) VALUES (@id, 'order-swag', -1, 1, 'order-swag-s-a1-y', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Failed')",
            new MySqlParameter("@id", finished.ToString()));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Should_find_the_sagas_that_ran_the_step_or_run_it_now()
    {
        var search = new SagaSearch(new SagaTableReader(database.ConnectionString), TimeProvider.System);

        var found = await search.MatchingIdsAsync(new SagaSearchFilter(Step: "order-swag"), 100, CancellationToken.None);

        Assert.Equal(new[] { running, finished }.Order(), found.Order());
    }

    private Task InsertSagaAsync(Guid id, string steps) =>
        ExecuteAsync(
            """
            INSERT INTO onboarding_sagas (correlation_id, current_state, version, customer_name, subscription_tier, users_json,
                registration_data_json, registration_event_id, registration_event_source, steps_json, created_at, updated_at)
            VALUES (@id, 'Swagging', 3, 'Step Filter Co', 'far-out', '[]', '{}', @id, 'step-filter-test', @steps, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            """,
            new MySqlParameter("@id", id.ToString()),
            new MySqlParameter("@steps", steps));

    private async Task ExecuteAsync(string sql, params MySqlParameter[] parameters)
    {
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }
}
