using Xunit.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class SagaRepositoryConcurrencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync();

    public async Task DisposeAsync()
    {
        var retries = _host.Logs.Collector.GetSnapshot().Count(entry => entry.Message.Contains("retrying", StringComparison.Ordinal));
        output.WriteLine($"transient conflicts retried: {retries}");
        foreach (var entry in _host.Logs.Collector.GetSnapshot().Where(entry => entry.Level >= Microsoft.Extensions.Logging.LogLevel.Warning || (entry.Level >= Microsoft.Extensions.Logging.LogLevel.Information && (entry.Category?.StartsWith("Knapscen", StringComparison.Ordinal) ?? false))).Take(20))
        {
            output.WriteLine($"{entry.Level} {entry.Category}: {entry.Message}");
        }

        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Fifty_concurrent_events_for_one_saga_are_all_applied_without_lost_updates()
    {
        var sagaId = Guid.NewGuid();
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));

        var marks = Enumerable.Range(0, 50).Select(i => $"bump-{i:00}").ToList();
        await Task.WhenAll(marks.Select(mark => _host.SendAsync(new BumpTestSaga(sagaId, mark))));

        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        Assert.Equal(marks, saga.Steps.Select(step => step.Step).Order(StringComparer.Ordinal));
        // One transition for Start, one per Bump.
        Assert.Equal(1 + marks.Count, saga.Version);
        Assert.Equal("Active", saga.CurrentState);
    }

    [Fact]
    public async Task Twenty_concurrent_first_events_for_one_id_create_exactly_one_saga()
    {
        var sagaId = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _host.SendAsync(new StartTestSaga(sagaId, $"Acme {i}"))));

        var count = await _host.QueryAsync(db => db.OnboardingSagas.CountAsync(s => s.CorrelationId == sagaId));
        Assert.Equal(1, count);
        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        Assert.Equal("Active", saga.CurrentState);
        Assert.StartsWith("Acme ", saga.CustomerName, StringComparison.Ordinal);
        // One insert; the 19 others met the duplicate key, loaded the row and went through the machine one after the
        // other (each save bumps the version): none was lost, none made a row of its own.
        Assert.Equal(20, saga.Version);
    }
}
