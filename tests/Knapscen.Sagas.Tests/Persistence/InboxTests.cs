using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class InboxTests : IAsyncLifetime
{
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_same_event_sent_twice_is_applied_once()
    {
        var sagaId = Guid.NewGuid();
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"), ("urn:test", "start-1"));
        var intakeEvent = ("urn:test", "bump-1");

        await _host.SendAsync(new BumpTestSaga(sagaId, "first"), intakeEvent);
        await _host.SendAsync(new BumpTestSaga(sagaId, "redelivered"), intakeEvent);

        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        Assert.Equal(2, saga.Version);
        Assert.Equal(["first"], saga.Steps.Select(step => step.Step));
        var recorded = await _host.QueryAsync(db => db.ProcessedEvents.Where(e => e.EventId == "bump-1").ToListAsync());
        var row = Assert.Single(recorded);
        Assert.Equal(sagaId, row.SagaId);
        Assert.Equal(nameof(BumpTestSaga), row.EventType);
        Assert.Contains(_host.Logs.Collector.GetSnapshot(), entry => entry.Level == LogLevel.Debug && entry.Message.Contains("already applied", StringComparison.Ordinal));
        // A repeated event is routine: nothing about it reaches an operator's error log.
        Assert.DoesNotContain(_host.Logs.Collector.GetSnapshot(), entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Concurrent_copies_of_one_event_are_applied_once()
    {
        var sagaId = Guid.NewGuid();
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => _host.SendAsync(new BumpTestSaga(sagaId, $"copy-{i}"), ("urn:test", "bump-once"))));

        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        Assert.Equal(2, saga.Version);
        Assert.Single(saga.Steps);
        Assert.Equal(1, await _host.QueryAsync(db => db.ProcessedEvents.CountAsync(e => e.EventSource == "urn:test" && e.EventId == "bump-once")));
    }
}
