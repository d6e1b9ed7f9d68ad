using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class TransientConflictRetryTests : IAsyncLifetime
{
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>
    /// A real deadlock: a second connection locks the saga row, the repository writes its inbox row and waits for the
    /// saga row, and the second connection then waits for the inbox row. InnoDB rolls back the lighter transaction,
    /// the repository's, which must retry and succeed once the second connection gives up.
    /// </summary>
    [Fact]
    public async Task A_deadlocked_transaction_is_retried_and_applies_the_event_once()
    {
        var sagaId = Guid.NewGuid();
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));

        await using var rival = new MySqlConnection(_host.ConnectionString);
        await rival.OpenAsync().WaitAsync(SagaHost.Timeout);
        await ExecuteAsync(rival, "CREATE TABLE deadlock_ballast (id INT PRIMARY KEY)");
        await ExecuteAsync(rival, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
        await ExecuteAsync(rival, "START TRANSACTION");
        // Enough undo weight that InnoDB picks the repository's transaction as the deadlock victim.
        await ExecuteAsync(rival, "INSERT INTO deadlock_ballast (id) VALUES " + string.Join(',', Enumerable.Range(1, 200).Select(i => $"({i})")));
        await ExecuteAsync(rival, $"SELECT correlation_id FROM onboarding_sagas WHERE correlation_id = '{sagaId}' FOR UPDATE");

        var bump = _host.SendAsync(new BumpTestSaga(sagaId, "after-deadlock"), ("urn:test", "bump-deadlock"));
        // The repository has written its inbox row (holding that row's lock) and now waits for the saga row.
        await BlockedLockingReads.UntilOneWaitsForAsync(_host.ConnectionString, sagaId, SagaHost.Timeout);

        // Closes the cycle; returns once InnoDB has rolled back the repository's attempt and released its inbox row.
        await ExecuteAsync(rival, "INSERT INTO processed_events (event_source, event_id, processed_at) VALUES ('urn:test', 'bump-deadlock', UTC_TIMESTAMP(6))");
        await ExecuteAsync(rival, "ROLLBACK");
        await bump;

        Assert.Contains(_host.Logs.Collector.GetSnapshot(), entry => entry.Message.Contains("MySQL error 1213", StringComparison.Ordinal));
        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        Assert.Equal(2, saga.Version);
        Assert.Equal("after-deadlock", saga.LastError);
        Assert.Equal(1, await _host.QueryAsync(db => db.ProcessedEvents.CountAsync(e => e.EventId == "bump-deadlock")));
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WaitAsync(SagaHost.Timeout);
    }
}
