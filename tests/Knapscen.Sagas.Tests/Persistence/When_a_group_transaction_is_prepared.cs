using Knapscen.Sagas.Persistence.Repository;
using Knapscen.Sagas.StateMachines.GroupCommit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class When_a_group_transaction_is_prepared : IAsyncLifetime
{
    private const string Source = "urn:test";

    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Should_record_and_lock_every_event_up_front_and_apply_them_without_a_statement_each()
    {
        var (first, second, created) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _host.SendAsync(new StartTestSaga(first, "Acme"));
        await _host.SendAsync(new StartTestSaga(second, "Acme"));

        var group = await BeginAsync();
        await using (group)
        {
            await group.PrepareAsync([Bump(first, "first-bump"), Bump(second, "second-bump"), Event(created, "created-start", nameof(StartTestSaga))], CancellationToken.None);
            var before = await SessionCountersAsync(group);
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(first, "first"), (Source, "first-bump")));
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(second, "second"), (Source, "second-bump")));
            var afterBumps = await SessionCountersAsync(group);
            await group.ApplyAsync(() => _host.SendAsync(new StartTestSaga(created, "Newco"), (Source, "created-start")));
            var afterStart = await SessionCountersAsync(group);

            // Both bumps found their sagas locked and their events recorded: no read, no insert, and their writes wait.
            Assert.Equal((0, 0, 0), Delta(before, afterBumps));
            // A saga the prelude found missing is inserted at once (its row lock is its claim), with the held-back writes in front.
            Assert.Equal((0, 1, 2), Delta(afterBumps, afterStart));
            await group.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(("first", 2), await MarkAndVersionAsync(first));
        Assert.Equal(("second", 2), await MarkAndVersionAsync(second));
        var newco = await _host.ReadSagaAsync(created);
        Assert.Equal(("Newco", 1), (newco!.CustomerName, newco.Version));
        Assert.Equal(["created-start", "first-bump", "second-bump"], await InboxAsync());
    }

    [Fact]
    public async Task Should_record_each_event_itself_when_one_was_applied_before_and_skip_only_that_one()
    {
        var (repeated, fresh) = (Guid.NewGuid(), Guid.NewGuid());
        await _host.SendAsync(new StartTestSaga(repeated, "Acme"));
        await _host.SendAsync(new StartTestSaga(fresh, "Acme"));
        await _host.SendAsync(new BumpTestSaga(repeated, "once"), (Source, "repeated-bump"));

        var group = await BeginAsync();
        await using (group)
        {
            await group.PrepareAsync([Bump(fresh, "fresh-bump"), Bump(repeated, "repeated-bump")], CancellationToken.None);
            Assert.True(group.IsUsable);
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(fresh, "fresh"), (Source, "fresh-bump")));
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(repeated, "twice"), (Source, "repeated-bump")));
            await group.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(("fresh", 2), await MarkAndVersionAsync(fresh));
        Assert.Equal(("once", 2), await MarkAndVersionAsync(repeated));
        Assert.Equal(["fresh-bump", "repeated-bump"], await InboxAsync());
    }

    [Fact]
    public async Task Should_not_commit_the_inbox_entry_of_a_prepared_event_that_was_never_applied()
    {
        var (applied, skipped) = (Guid.NewGuid(), Guid.NewGuid());
        await _host.SendAsync(new StartTestSaga(applied, "Acme"));
        await _host.SendAsync(new StartTestSaga(skipped, "Acme"));

        var group = await BeginAsync();
        await using (group)
        {
            await group.PrepareAsync([Bump(applied, "applied-bump"), Bump(skipped, "skipped-bump")], CancellationToken.None);
            // The intake applies an event alone when it failed before reaching the saga (no unit took it).
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(applied, "applied"), (Source, "applied-bump")));
            await group.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(["applied-bump"], await InboxAsync());
        await _host.SendAsync(new BumpTestSaga(skipped, "alone"), (Source, "skipped-bump"));
        Assert.Equal(("alone", 2), await MarkAndVersionAsync(skipped));
    }

    [Fact]
    public async Task Should_end_the_group_when_a_prepared_event_fails_since_its_inbox_entry_is_already_written()
    {
        var (good, broken) = (Guid.NewGuid(), Guid.NewGuid());
        await _host.SendAsync(new StartTestSaga(good, "Acme"));
        await _host.SendAsync(new StartTestSaga(broken, "Acme"));

        var group = await BeginAsync();
        await using (group)
        {
            await group.PrepareAsync([Bump(good, "good-bump"), Event(broken, "broken-bump", nameof(BreakTestSaga))], CancellationToken.None);
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(good, "good"), (Source, "good-bump")));
            await Assert.ThrowsAnyAsync<Exception>(() => group.ApplyAsync(() => _host.SendAsync(new BreakTestSaga(broken), (Source, "broken-bump"))));
            Assert.False(group.IsUsable);
        }

        Assert.Equal(1, (await _host.ReadSagaAsync(good))!.Version);
        Assert.Empty(await InboxAsync());
    }

    [Fact]
    public async Task Should_not_wait_for_a_saga_outside_the_group_that_another_transaction_holds()
    {
        var (first, second, held) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var sagaId in new[] { first, second, held })
        {
            await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));
        }

        await using var rival = new MySqlConnection(_host.ConnectionString);
        await rival.OpenAsync();
        await using var rivalTransaction = await rival.BeginTransactionAsync();
        await using (var lockHeld = new MySqlCommand($"SELECT version FROM onboarding_sagas WHERE correlation_id = '{held}' FOR UPDATE", rival, rivalTransaction))
        {
            await lockHeld.ExecuteScalarAsync();
        }

        var created = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        var group = await BeginAsync();
        await using (group)
        {
            // More keys than the table has rows: the optimizer would rather scan it whole, and a locking scan waits for
            // every held row (innodb_lock_wait_timeout, 50 s by default): the bound is far below that.
            await group.PrepareAsync(
                [Bump(first, "first-bump"), Bump(second, "second-bump"), .. created.Select(id => Event(id, $"start-{id}", nameof(StartTestSaga)))],
                CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(first, "first"), (Source, "first-bump")));
            await group.ApplyAsync(() => _host.SendAsync(new BumpTestSaga(second, "second"), (Source, "second-bump")));
            foreach (var id in created)
            {
                await group.ApplyAsync(() => _host.SendAsync(new StartTestSaga(id, "Newco"), (Source, $"start-{id}")));
            }

            await group.CommitAsync(CancellationToken.None);
        }

        await rivalTransaction.RollbackAsync();
        Assert.Equal(("first", 2), await MarkAndVersionAsync(first));
        Assert.Equal(("second", 2), await MarkAndVersionAsync(second));
        foreach (var id in created)
        {
            Assert.Equal("Newco", (await _host.ReadSagaAsync(id))?.CustomerName);
        }
    }

    private static GroupEvent Bump(Guid sagaId, string eventId) => Event(sagaId, eventId, nameof(BumpTestSaga));

    private static GroupEvent Event(Guid sagaId, string eventId, string type) => new(Source, eventId, type, sagaId);

    private static (long Select, long Insert, long Update) Delta((long Select, long Insert, long Update) from, (long Select, long Insert, long Update) to) =>
        (to.Select - from.Select, to.Insert - from.Insert, to.Update - from.Update);

    // The statements the group's own connection ran, by kind (the server counts each statement of a batch).
    private static async Task<(long Select, long Insert, long Update)> SessionCountersAsync(ISagaGroupTransaction group)
    {
        await using var command = ((SagaGroupTransaction)group).Transaction.Connection.CreateCommand();
        command.CommandText = "SHOW SESSION STATUS WHERE Variable_name IN ('Com_select', 'Com_insert', 'Com_update')";
        var counters = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                counters[reader.GetString(0)] = long.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return (counters["Com_select"], counters["Com_insert"], counters["Com_update"]);
    }

    private async Task<ISagaGroupTransaction> BeginAsync() =>
        await _host.Services.GetRequiredService<ISagaGroupCommit>().BeginAsync(CancellationToken.None);

    private async Task<(string? Mark, int Version)> MarkAndVersionAsync(Guid sagaId)
    {
        var saga = await _host.ReadSagaAsync(sagaId);
        return (saga!.LastError, saga.Version);
    }

    private Task<List<string>> InboxAsync() =>
        _host.QueryAsync(db => db.ProcessedEvents.Where(e => e.EventSource == Source).OrderBy(e => e.EventId).Select(e => e.EventId).ToListAsync());
}
