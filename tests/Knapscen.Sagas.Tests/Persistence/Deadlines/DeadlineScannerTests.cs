using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Knapscen.Sagas.Tests.Persistence.Deadlines;

[Trait("Tier", "integration")]
public sealed class DeadlineScannerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DeadlineHost.Epoch);
    private DeadlineHost _host = null!;

    public async Task InitializeAsync() => _host = await DeadlineHost.StartAsync(_time);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_passed_deadline_is_dispatched_once_and_one_not_yet_due_is_not()
    {
        var due = Guid.NewGuid();
        var later = Guid.NewGuid();
        await _host.SendAsync(new StartDeadlineSaga(due, DeadlineHost.Epoch.AddMinutes(1)));
        await _host.SendAsync(new StartDeadlineSaga(later, DeadlineHost.Epoch.AddMinutes(10)));
        Assert.Equal(DeadlineHost.Epoch.AddMinutes(1), (await _host.ReadSagaAsync(due)).NextDeadline);

        Assert.Equal(0, await _host.ScanOnceAsync());
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, await _host.ScanOnceAsync());

        var handled = await _host.ReadSagaAsync(due);
        Assert.Equal(1, handled.IgnoredEvents);
        Assert.Null(handled.NextDeadline);
        var waiting = await _host.ReadSagaAsync(later);
        Assert.Equal(0, waiting.IgnoredEvents);
        Assert.Equal(DeadlineHost.Epoch.AddMinutes(10), waiting.NextDeadline);
        Assert.Equal(0, await _host.ScanOnceAsync());
    }

    [Fact]
    public async Task Two_scanners_on_the_same_due_sagas_dispatch_each_exactly_once()
    {
        var settings = new Dictionary<string, string?> { ["Deadlines:BatchSize"] = "20" };
        await using var first = DeadlineHost.Start(_host.ConnectionString, _time, settings);
        await using var second = DeadlineHost.Start(_host.ConnectionString, _time, settings);
        var sagas = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToList();
        foreach (var chunk in sagas.Chunk(16))
        {
            await Task.WhenAll(chunk.Select((id, i) => _host.SendAsync(new StartDeadlineSaga(id, DeadlineHost.Epoch.AddSeconds(i % 7)))));
        }

        _time.Advance(TimeSpan.FromMinutes(1));

        var claimed = await Task.WhenAll(DrainAsync(first), DrainAsync(second)).WaitAsync(DeadlineHost.Timeout);

        var retries = new[] { _host, first, second }.Sum(host => host.Logs.Collector.GetSnapshot().Count(entry => entry.Message.Contains("retrying", StringComparison.Ordinal)));
        output.WriteLine($"claimed by the first scanner: {claimed[0]}, by the second: {claimed[1]}; saga transactions retried: {retries}");
        Assert.Equal(sagas.Count, claimed.Sum());
        var handled = await _host.HandledDeadlinesAsync();
        Assert.Equal(sagas.Order(), handled.Keys.Order());
        Assert.All(handled, saga => Assert.Equal(1, saga.Value));
        Assert.Empty(Failures(first).Concat(Failures(second)));
        Assert.Equal(0, await _host.ScanOnceAsync());
    }

    [Fact]
    public async Task A_saga_whose_dispatch_failed_comes_back_after_the_lease_and_not_before()
    {
        var failing = Guid.NewGuid();
        var healthy = Guid.NewGuid();
        await _host.SendAsync(new StartDeadlineSaga(failing, DeadlineHost.Epoch.AddSeconds(5)));
        await _host.SendAsync(new StartDeadlineSaga(healthy, DeadlineHost.Epoch.AddSeconds(5)));
        DeadlineTestMachine.FailOnce(failing);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(2, await _host.ScanOnceAsync());

        Assert.Equal(1, (await _host.ReadSagaAsync(healthy)).IgnoredEvents);
        var leased = await _host.ReadSagaAsync(failing);
        Assert.Equal(0, leased.IgnoredEvents);
        Assert.Equal(_time.GetUtcNow().AddSeconds(30), leased.NextDeadline);
        Assert.Contains(_host.Logs.Collector.GetSnapshot(), entry => entry.Level == LogLevel.Warning && entry.Message.Contains(failing.ToString(), StringComparison.Ordinal));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await _host.ScanOnceAsync());

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _host.ScanOnceAsync());

        var handled = await _host.ReadSagaAsync(failing);
        Assert.Equal(1, handled.IgnoredEvents);
        Assert.Null(handled.NextDeadline);
        Assert.Equal(1, (await _host.ReadSagaAsync(healthy)).IgnoredEvents);
    }

    private static async Task<int> DrainAsync(DeadlineHost host)
    {
        var total = 0;
        for (var claimed = await host.ScanOnceAsync(); claimed > 0; claimed = await host.ScanOnceAsync())
        {
            total += claimed;
        }

        return total;
    }

    private static IEnumerable<string> Failures(DeadlineHost host) =>
        host.Logs.Collector.GetSnapshot().Where(entry => entry.Level >= LogLevel.Warning).Select(entry => $"{entry.Category}: {entry.Message}");
}
