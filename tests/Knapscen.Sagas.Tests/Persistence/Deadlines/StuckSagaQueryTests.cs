using Microsoft.Extensions.Time.Testing;

namespace Knapscen.Sagas.Tests.Persistence.Deadlines;

[Trait("Tier", "integration")]
public sealed class StuckSagaQueryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DeadlineHost.Epoch);
    private DeadlineHost _host = null!;

    public async Task InitializeAsync() => _host = await DeadlineHost.StartAsync(_time);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>With the defaults: idle after 30 minutes, overdue after two 30-second leases.</summary>
    [Fact]
    public async Task Stuck_sagas_are_those_needing_attention_idle_too_long_or_overdue_and_never_finished_ones()
    {
        var idle = Guid.NewGuid();
        var finishedLongAgo = Guid.NewGuid();
        await _host.SendAsync(new StartDeadlineSaga(idle, Deadline: null));
        await _host.SendAsync(new StartDeadlineSaga(finishedLongAgo, DeadlineHost.Epoch.AddSeconds(1), NeedsAttention: true, FinishedAt: DeadlineHost.Epoch));

        _time.Advance(TimeSpan.FromMinutes(31));
        var now = _time.GetUtcNow();
        var needsAttention = Guid.NewGuid();
        var overdue = Guid.NewGuid();
        var justDue = Guid.NewGuid();
        var fresh = Guid.NewGuid();
        await _host.SendAsync(new StartDeadlineSaga(needsAttention, Deadline: null, NeedsAttention: true));
        await _host.SendAsync(new StartDeadlineSaga(overdue, now.AddMinutes(1)));
        await _host.SendAsync(new StartDeadlineSaga(justDue, now.AddSeconds(90)));
        await _host.SendAsync(new StartDeadlineSaga(fresh, now.AddMinutes(10)));
        _time.Advance(TimeSpan.FromSeconds(121));

        var stuck = await _host.Queries.FindStuckAsync(_time.GetUtcNow(), 100, CancellationToken.None).WaitAsync(DeadlineHost.Timeout);

        // Oldest progress first: the idle saga, then the two written at the same instant, by id.
        Assert.Equal([idle, .. new[] { needsAttention, overdue }.OrderBy(id => id.ToString(), StringComparer.Ordinal)], stuck);
        Assert.Equal([idle], await _host.Queries.FindStuckAsync(_time.GetUtcNow(), 1, CancellationToken.None).WaitAsync(DeadlineHost.Timeout));
    }
}
