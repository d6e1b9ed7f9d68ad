using Knapscen.Sagas.Persistence.Repository;
using Knapscen.Sagas.StateMachines.GroupCommit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class When_one_saga_fails_inside_a_group_transaction : IAsyncLifetime
{
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Should_end_the_group_leaving_nothing_of_it_so_its_events_can_be_applied_again()
    {
        var (first, broken, last) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var sagaId in new[] { first, broken, last })
        {
            await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));
        }

        var group = await _host.Services.GetRequiredService<ISagaGroupCommit>().BeginAsync(CancellationToken.None);
        await using (group)
        {
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(first, "first"), ("urn:test", "first-bump")));
            var error = await Assert.ThrowsAnyAsync<Exception>(() => group.ApplyAsync(() => _host.SendAsync(new BreakTestSaga(broken), ("urn:test", "broken-bump"))));
            Assert.Contains("a bug in the transition", error.ToString(), StringComparison.Ordinal);
            // The failed event had written its inbox row; only the whole transaction can take that back.
            Assert.False(group.IsUsable, "a transition that failed after writing must end the group");
            await Assert.ThrowsAsync<InvalidOperationException>(() => group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(last, "last"), ("urn:test", "last-bump"))));
        }

        // Disposed uncommitted: nothing of the group stayed, not even the first event that had succeeded.
        Assert.Equal(1, (await _host.ReadSagaAsync(first))!.Version);
        Assert.Empty(await InboxAsync());

        // What the intake does next: the others again as a group, the failed event alone.
        var again = await _host.Services.GetRequiredService<ISagaGroupCommit>().BeginAsync(CancellationToken.None);
        await using (again)
        {
            await again.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(first, "first"), ("urn:test", "first-bump")));
            await again.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(last, "last"), ("urn:test", "last-bump")));
            await again.CommitAsync(CancellationToken.None);
        }

        await _host.SendAsync(new BumpTestSaga(broken, "retried"), ("urn:test", "broken-bump"));
        Assert.Equal(("first", 2), ((await _host.ReadSagaAsync(first))!.LastError, (await _host.ReadSagaAsync(first))!.Version));
        Assert.Equal(("last", 2), ((await _host.ReadSagaAsync(last))!.LastError, (await _host.ReadSagaAsync(last))!.Version));
        Assert.Equal("retried", (await _host.ReadSagaAsync(broken))!.LastError);
        Assert.Equal(["broken-bump", "first-bump", "last-bump"], await InboxAsync());
    }

    [Fact]
    public async Task Should_end_the_group_when_a_held_back_saga_write_finds_its_row_changed_behind_the_lock()
    {
        var (changed, next) = (Guid.NewGuid(), Guid.NewGuid());
        await _host.SendAsync(new StartTestSaga(changed, "Acme"));
        await _host.SendAsync(new StartTestSaga(next, "Acme"));

        var group = await _host.Services.GetRequiredService<ISagaGroupCommit>().BeginAsync(CancellationToken.None);
        await using (group)
        {
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(changed, "lost"), ("urn:test", "changed-bump")));
            // Only a write inside the group's own transaction gets past the row lock: it stands for any write that
            // bypassed it. The bump's saga write is still held back, to travel with the next event's first command.
            await ((SagaGroupTransaction)group).Db.Database.ExecuteSqlRawAsync(
                "UPDATE onboarding_sagas SET version = version + 10 WHERE correlation_id = {0}", changed.ToString());

            var error = await Assert.ThrowsAnyAsync<Exception>(() => group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(next, "next"), ("urn:test", "next-bump"))));

            Assert.Contains(nameof(DbUpdateConcurrencyException), error.ToString(), StringComparison.Ordinal);
            Assert.False(group.IsUsable, "the earlier event looked applied; only the whole transaction can take it back");
        }

        var stored = await _host.ReadSagaAsync(changed);
        Assert.Equal((1, "Acme"), (stored!.Version, stored.CustomerName));
        Assert.NotEqual("lost", stored.LastError);
        Assert.Empty(await InboxAsync());
    }

    [Fact]
    public async Task Should_skip_an_event_the_group_finds_already_applied_and_keep_the_rest()
    {
        var (repeated, fresh) = (Guid.NewGuid(), Guid.NewGuid());
        await _host.SendAsync(new StartTestSaga(repeated, "Acme"));
        await _host.SendAsync(new StartTestSaga(fresh, "Acme"));
        await _host.SendAsync(new BumpTestSaga(repeated, "once"), ("urn:test", "repeated-bump"));

        var group = await _host.Services.GetRequiredService<ISagaGroupCommit>().BeginAsync(CancellationToken.None);
        await using (group)
        {
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(repeated, "twice"), ("urn:test", "repeated-bump")));
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(fresh, "fresh"), ("urn:test", "fresh-bump")));
            await group.CommitAsync(CancellationToken.None);
        }

        var saga = await _host.ReadSagaAsync(repeated);
        Assert.Equal(2, saga!.Version);
        Assert.Equal("once", saga.LastError);
        Assert.Equal("fresh", (await _host.ReadSagaAsync(fresh))!.LastError);
    }

    [Fact]
    public async Task Should_keep_the_held_back_writes_that_travel_with_an_event_found_already_applied()
    {
        var (fresh, repeated) = (Guid.NewGuid(), Guid.NewGuid());
        await _host.SendAsync(new StartTestSaga(fresh, "Acme"));
        await _host.SendAsync(new StartTestSaga(repeated, "Acme"));
        await _host.SendAsync(new BumpTestSaga(repeated, "once"), ("urn:test", "repeated-bump"));

        var group = await _host.Services.GetRequiredService<ISagaGroupCommit>().BeginAsync(CancellationToken.None);
        await using (group)
        {
            // The fresh bump's writes are held back and travel with the repeated event's inbox insert, which the
            // duplicate key stops: the writes in front of it ran, and the group goes on.
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(fresh, "fresh"), ("urn:test", "fresh-bump")));
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(repeated, "twice"), ("urn:test", "repeated-bump")));
            Assert.True(group.IsUsable);
            await group.CommitAsync(CancellationToken.None);
        }

        var stored = await _host.ReadSagaAsync(fresh);
        Assert.Equal(("fresh", 2), (stored!.LastError, stored.Version));
        Assert.Equal(("once", 2), ((await _host.ReadSagaAsync(repeated))!.LastError, (await _host.ReadSagaAsync(repeated))!.Version));
        Assert.Equal(["fresh-bump", "repeated-bump"], await InboxAsync());
    }

    private Task<List<string>> InboxAsync() =>
        _host.QueryAsync(db => db.ProcessedEvents.Where(e => e.EventSource == "urn:test").OrderBy(e => e.EventId).Select(e => e.EventId).ToListAsync());
}
