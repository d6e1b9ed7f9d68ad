using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class DuplicateKeyRetryTests : IAsyncLifetime
{
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>
    /// A real duplicate key: another writer creates the saga between the repository's locking read (nothing there)
    /// and its insert. The rival holds a gap lock (RepeatableRead) where the saga's key would go, which the
    /// repository's ReadCommitted locking read does not wait for but its insert does; the rival then inserts that key
    /// and commits. The attempt must restart, find the saga and apply the event to it.
    /// </summary>
    [Fact]
    public async Task A_saga_created_concurrently_makes_the_insert_retry_against_the_existing_row()
    {
        var sagaId = Guid.NewGuid();
        await using var rival = new MySqlConnection(_host.ConnectionString);
        await rival.OpenAsync().WaitAsync(SagaHost.Timeout);
        await ExecuteAsync(rival, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        await ExecuteAsync(rival, "START TRANSACTION");
        await ExecuteAsync(rival, $"SELECT correlation_id FROM onboarding_sagas WHERE correlation_id = '{sagaId}' FOR UPDATE");

        var start = _host.SendAsync(new StartTestSaga(sagaId, "From the event"));
        await Eventually.TrueAsync(
            async () => await CountWaitingInsertsAsync() > 0,
            SagaHost.Timeout,
            "the repository's insert of the new saga waiting for the rival's gap lock");

        await ExecuteAsync(
            rival,
            $"""
            INSERT INTO onboarding_sagas (correlation_id, current_state, version, customer_name, subscription_tier, users_json,
                registration_data_json, registration_event_id, registration_event_source, steps_json, created_at, updated_at)
            VALUES ('{sagaId}', 'Active', 1, 'From the rival', 'basic', '[]', '{"{}"}', '', '', '[]', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            """);
        await ExecuteAsync(rival, "COMMIT");
        await start;

        Assert.Contains(_host.Logs.Collector.GetSnapshot(), entry => entry.Message.Contains("MySQL error 1062", StringComparison.Ordinal));
        Assert.Equal(1, await _host.QueryAsync(db => db.OnboardingSagas.CountAsync(s => s.CorrelationId == sagaId)));
        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        // The rival's saga was already Active, so the start was ignored and saved as one more transition.
        Assert.Equal("From the rival", saga.CustomerName);
        Assert.Equal(2, saga.Version);
    }

    private async Task<long> CountWaitingInsertsAsync()
    {
        await using var connection = new MySqlConnection(_host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO LIKE 'INSERT INTO onboarding_sagas%' AND DB = DATABASE()",
            connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WaitAsync(SagaHost.Timeout);
    }
}
