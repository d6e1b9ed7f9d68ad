using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class DuplicateKeyRetryTests : IAsyncLifetime
{
    private readonly FirstSagaReadGate _gate = new();
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync(configureDbContext: options => options.AddInterceptors(_gate));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>
    /// A real duplicate key: another writer creates the saga between the repository's locking read (nothing there)
    /// and its insert. The attempt must restart, find the saga and apply the event to it.
    /// </summary>
    [Fact]
    public async Task A_saga_created_concurrently_makes_the_insert_retry_against_the_existing_row()
    {
        var sagaId = Guid.NewGuid();
        var start = _host.SendAsync(new StartTestSaga(sagaId, "From the event"));
        await _gate.Reached.WaitAsync(SagaHost.Timeout);

        await using (var rival = new MySqlConnection(_host.ConnectionString))
        {
            await rival.OpenAsync().WaitAsync(SagaHost.Timeout);
            await using var insert = new MySqlCommand(
                """
                INSERT INTO onboarding_sagas (correlation_id, current_state, version, customer_name, subscription_tier, users_json,
                    registration_data_json, registration_event_id, registration_event_source, steps_json, created_at, updated_at)
                VALUES (@id, 'Active', 1, 'From the rival', 'basic', '[]', '{}', '', '', '[]', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
                """,
                rival);
            insert.Parameters.AddWithValue("@id", sagaId.ToString());
            await insert.ExecuteNonQueryAsync().WaitAsync(SagaHost.Timeout);
        }

        _gate.Release();
        await start;

        Assert.Contains(_host.Logs.Collector.GetSnapshot(), entry => entry.Message.Contains("MySQL error 1062", StringComparison.Ordinal));
        Assert.Equal(1, await _host.QueryAsync(db => db.OnboardingSagas.CountAsync(s => s.CorrelationId == sagaId)));
        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        // The rival's saga was already Active, so the start was ignored and saved as one more transition.
        Assert.Equal("From the rival", saga.CustomerName);
        Assert.Equal(2, saga.Version);
    }
}
