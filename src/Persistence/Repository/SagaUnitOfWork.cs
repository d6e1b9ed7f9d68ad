using System.Data.Common;
using System.Globalization;
using System.Text;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Telemetry;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// One attempt at applying one message: a ReadCommitted transaction holding the saga row lock, the inbox record and the
/// step history, committed together or not at all. Disposing it uncommitted rolls everything back. Saga rows are read
/// and written with plain commands (<see cref="SagaRowReader"/>, <see cref="SagaRowWriter"/>), the changes at the end
/// with the history rows in one batch that carries the COMMIT (<see cref="ServerTransaction"/>). In a group transaction (<see cref="SagaGroupTransaction"/>) the unit shares the
/// group's transaction; a unit that fails after sending a statement ends the group (no savepoint per event: it would
/// cost every event a statement to save the rare failure a redo of the group's other events).
/// </summary>
internal sealed class SagaUnitOfWork : IAsyncDisposable
{
    // The group's in a group, which owns it; else this unit's own.
    private readonly ServerTransaction _transaction;
    private readonly SagaGroupTransaction? _group;
    private readonly TimeProvider _time;
    private readonly Dictionary<Guid, CustomerOnboardingState> _locked = [];
    // Each locked row's values as read: its update sends only the columns that differ.
    private readonly Dictionary<Guid, object?[]> _stored = [];
    // Sagas a locking read of this transaction found missing: an insert may follow without reading again.
    private readonly HashSet<Guid> _foundMissing = [];
    // The version each changed row had when this transaction locked it: the guard of its write at commit.
    private readonly Dictionary<Guid, int> _updates = [];
    private readonly Dictionary<Guid, int> _deletes = [];
    private readonly List<StepAttemptRecord> _history = [];
    private readonly CommittedTransitions _transitions = new();
    // MassTransit may save several instances of a query concurrently; a DbContext allows one operation at a time.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private InboxEntry? _inbox;
    private bool _committed;
    // In a group: once this unit has sent a statement, its failure can only be undone with the whole group.
    private bool _commandsSent;

    private SagaUnitOfWork(SagaDbContext db, ServerTransaction transaction, SagaGroupTransaction? group, TimeProvider time)
    {
        Db = db;
        _transaction = transaction;
        _group = group;
        _time = time;
    }

    public SagaDbContext Db { get; }

    /// <summary>The saga this attempt touched first, recorded in the inbox and given to the commit hook.</summary>
    public Guid? SagaId { get; private set; }

    public static async Task<SagaUnitOfWork> BeginAsync(SagaDbContext db, TimeProvider time, CancellationToken ct) =>
        new(db, await ServerTransaction.OpenAsync(db, ct).ConfigureAwait(false), group: null, time);

    /// <summary>A unit inside a group transaction.</summary>
    public static SagaUnitOfWork Join(SagaGroupTransaction group, TimeProvider time) =>
        new(group.Db, group.Transaction, group, time);

    /// <summary>
    /// Records the event in the inbox (false: it was applied before) and, in the same round trip, locks and loads the
    /// saga it is correlated to, which the transition then finds already locked.
    /// </summary>
    public async Task<bool> TryRecordInboxAsync(InboxEntry entry, CancellationToken ct)
    {
        if (_group?.TakePrepared(entry) is { } prepared)
        {
            // The group's prelude recorded it and locked its saga: from here only the whole group can take it back.
            _commandsSent = true;
            _inbox = entry;
            if (prepared.Instance is { } instance)
            {
                Adopt(instance, prepared.Stored!);
            }
            else
            {
                _foundMissing.Add(prepared.SagaId);
            }

            return true;
        }

        var rowReader = SagaRowReader.For(Db.Model);
        // TryRecordAsync disposes it.
        var command = NewCommand();
        (string, Func<MySqlDataReader, CancellationToken, Task>)? lockAfter = null;
        if (entry.SagaId is { } sagaId && !_locked.ContainsKey(sagaId))
        {
            command.Parameters.AddWithValue("@lockId", sagaId.ToString());
            lockAfter = (rowReader.LockSql, (reader, token) => ReadLockedAsync(reader, rowReader, sagaId, token));
        }

        var deferred = _group?.TakeDeferred() is { } earlier ? (earlier, (Action)_group.Broken) : ((DeferredWrites, Action)?)null;
        var recorded = await InboxRecorder.TryRecordAsync(command, entry, _time.GetUtcNow(), lockAfter, deferred, ct).ConfigureAwait(false);
        if (recorded)
        {
            _inbox = entry;
        }

        return recorded;
    }

    /// <summary>Loads and locks the saga row until the transaction ends; null when there is no such saga.</summary>
    public async Task<CustomerOnboardingState?> LockAsync(Guid correlationId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await LockUnguardedAsync(correlationId, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// InsertOnInitial: writes the new row at version 0 (no transition saved yet); false when the saga already exists,
    /// and MassTransit falls back to <see cref="LockAsync"/>.
    /// </summary>
    public async Task<bool> TryInsertAsync(CustomerOnboardingState instance, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // A locking read first, because an INSERT that hits an existing row leaves a shared lock on it, and
            // transactions that each hold one and then ask for the exclusive lock deadlock each other. The locking read
            // queues behind an uncommitted insert instead and then finds the row.
            if (!_foundMissing.Remove(instance.CorrelationId) && await LockUnguardedAsync(instance.CorrelationId, ct).ConfigureAwait(false) is not null)
            {
                return false;
            }

            _transitions.Created(instance);
            Stamp(instance, version: 0);
            // A duplicate key here means a concurrent first event inserted between our read and our insert. It is not
            // caught: the whole attempt restarts, which releases that shared lock at once, and the retry's locking read
            // finds the committed row.
            await InsertRowAsync(instance, ct).ConfigureAwait(false);
            _locked[instance.CorrelationId] = instance;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes a saga created in memory (the Add path): its first saved transition.</summary>
    public async Task AddAsync(CustomerOnboardingState instance, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _transitions.Created(instance);
            Stamp(instance, instance.Version + 1);
            await InsertRowAsync(instance, ct).ConfigureAwait(false);
            _locked[instance.CorrelationId] = instance;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Records a transition of a locked saga, written at commit; the version check there guards against any write that
    /// bypassed the lock.
    /// </summary>
    public Task UpdateAsync(CustomerOnboardingState instance, CancellationToken ct) =>
        GuardedAsync(
            () =>
            {
                EnsureLocked(instance);
                _updates.TryAdd(instance.CorrelationId, instance.Version);
                Stamp(instance, instance.Version + 1);
            },
            ct);

    public Task DeleteAsync(CustomerOnboardingState instance, CancellationToken ct) =>
        GuardedAsync(
            () =>
            {
                EnsureLocked(instance);
                TakeHistory(instance);
                _deletes.TryAdd(instance.CorrelationId, _updates.Remove(instance.CorrelationId, out var locked) ? locked : instance.Version);
            },
            ct);

    /// <summary>Forgets in-memory changes of an instance whose transition failed; the rollback undoes the rest.</summary>
    public void Undo(CustomerOnboardingState instance)
    {
        instance.PendingHistory.Clear();
        _updates.Remove(instance.CorrelationId);
    }

    /// <param name="metrics">Told what the transaction changed once it is committed, never before.</param>
    public async Task CommitAsync(ISagaCommitHook hook, OnboardingMetrics metrics, CancellationToken ct)
    {
        var writes = TakeChanges();
        if (_group is not null)
        {
            if (writes is not null)
            {
                await _group.WriteAsync(writes, ct).ConfigureAwait(false);
            }

            // The group calls the hook and tells the metrics for every unit at its own commit.
            _group.Applied(SagaId, _transitions);
            _committed = true;
            return;
        }

        await hook.BeforeCommitAsync(SagaId ?? Guid.Empty, ct).ConfigureAwait(false);
        if (writes is { GuardedDeletes: > 0 })
        {
            // Its matched-row results are read before anything commits.
            await writes.ExecuteAsync(_transaction, then: null, ct).ConfigureAwait(false);
            writes = null;
        }

        await _transaction.CommitAsync(writes, ct).ConfigureAwait(false);

        _committed = true;
        _transitions.RecordTo(metrics);
    }

    /// <summary>The event was applied before: nothing of it to keep, and in a group nothing to undo either.</summary>
    public void AlreadyApplied(Action afterCommit)
    {
        if (_group is null)
        {
            afterCommit();
            return;
        }

        _group.AfterCommit(afterCommit);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_group is not null)
        {
            if (!_committed && _commandsSent)
            {
                _group.Broken();
            }
        }
        else if (!_committed)
        {
            await _transaction.RollbackQuietlyAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    /// <summary>A command on the transaction.</summary>
    private MySqlCommand NewCommand(string sql = "")
    {
        var command = _transaction.CreateCommand(sql);
        _commandsSent = true;
        return command;
    }

    private async Task InsertRowAsync(CustomerOnboardingState instance, CancellationToken ct)
    {
        await using var command = NewCommand();
        var sql = new StringBuilder();
        SagaRowWriter.For(Db.Model).AppendInsert(sql, command, instance);
        command.CommandText += sql.ToString();
        if (_group?.TakeDeferred() is { } earlier)
        {
            // The earlier events' writes travel in front of it; a duplicate key can only be the insert's own.
            await DeferredWrites.ExecuteWithPrefixAsync(command, earlier, _group.Broken, DrainAsync, ct).ConfigureAwait(false);
            return;
        }

        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);

        // Statements after the first result run only as the reader moves past them.
        async Task<bool> DrainAsync(MySqlDataReader reader)
        {
            while (await reader.NextResultAsync(ct).ConfigureAwait(false))
            {
            }

            return true;
        }
    }

    private async Task<CustomerOnboardingState?> LockUnguardedAsync(Guid correlationId, CancellationToken ct)
    {
        if (_locked.TryGetValue(correlationId, out var locked))
        {
            return locked;
        }

        await SendDeferredAsync(ct).ConfigureAwait(false);
        var rowReader = SagaRowReader.For(Db.Model);
        await using var command = NewCommand(rowReader.LockSql);
        command.Parameters.AddWithValue("@lockId", correlationId.ToString());
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await ReadLockedAsync(reader, rowReader, correlationId, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the locking read's row from a batch's results (an insert before it gives no rows).</summary>
    private async Task<CustomerOnboardingState?> ReadLockedAsync(MySqlDataReader reader, SagaRowReader rowReader, Guid correlationId, CancellationToken ct)
    {
        CustomerOnboardingState? instance = null;
        object?[]? stored = null;
        do
        {
            if (reader.FieldCount > 0 && await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                (instance, stored) = rowReader.Read(reader);
            }
        }
        while (await reader.NextResultAsync(ct).ConfigureAwait(false));

        if (instance is null)
        {
            _foundMissing.Add(correlationId);
            return null;
        }

        Adopt(instance, stored!);
        return instance;
    }

    /// <summary>A saga row this transaction locked and read, as <paramref name="stored"/>.</summary>
    private void Adopt(CustomerOnboardingState instance, object?[] stored)
    {
        _stored[instance.CorrelationId] = stored;
        _transitions.Loaded(instance);
        _locked[instance.CorrelationId] = instance;
        SagaId ??= instance.CorrelationId;
    }

    private async Task GuardedAsync(Action prepare, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            prepare();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Stamp(CustomerOnboardingState instance, int version)
    {
        var now = _time.GetUtcNow();
        instance.Version = version;
        instance.UpdatedAt = now;
        instance.NextDeadline = OnboardingDeadlines.Next(instance);
        if (instance.CreatedAt == default)
        {
            instance.CreatedAt = now;
        }

        // Strict SQL mode rejects an over-long value, and an error text must never make the saga unsavable.
        if (instance.LastError is { Length: > OnboardingSagaConfiguration.LastErrorLength } error)
        {
            instance.LastError = error[..OnboardingSagaConfiguration.LastErrorLength];
        }

        if (instance.FailureReason is { Length: > OnboardingSagaConfiguration.LastErrorLength } reason)
        {
            instance.FailureReason = reason[..OnboardingSagaConfiguration.LastErrorLength];
        }

        TakeHistory(instance);
    }

    private void TakeHistory(CustomerOnboardingState instance)
    {
        _transitions.Saved(instance, instance.PendingHistory);
        _history.AddRange(instance.PendingHistory);
        instance.PendingHistory.Clear();
        SagaId ??= instance.CorrelationId;
    }

    private void EnsureLocked(CustomerOnboardingState instance)
    {
        if (!_locked.TryGetValue(instance.CorrelationId, out var locked) || !ReferenceEquals(locked, instance))
        {
            throw new InvalidOperationException($"Saga {instance.CorrelationId} was not loaded through this transaction, so its row is not locked");
        }
    }

    /// <summary>
    /// The history rows, the inbox's saga id and the changed saga rows: one batch, null when nothing changed. On the
    /// unit's own transaction it travels with the COMMIT; in a group it is held back, with the other events' writes, for
    /// the group's next command or its commit (<see cref="DeferredWrites"/>): an event whose group was prepared costs
    /// no round trip of its own. A saga update whose row changed behind its lock fails its own statement.
    /// </summary>
    private DeferredWrites? TakeChanges()
    {
        var sql = new StringBuilder();
        var parameters = new List<DbParameter>();
        // The group sends the writes of several events as one batch: their parameter names must differ.
        var tag = _group?.NextWriteTag() ?? 0;
        StepHistoryWriter.Append(sql, parameters, _history, tag);
        if (_inbox is not null && SagaId is { } inboxSaga && _inbox.SagaId != inboxSaga)
        {
            InboxRecorder.AppendAssignSaga(sql, parameters, _inbox, inboxSaga, tag);
        }

        // The row writers add their parameters to a command; this one only collects them.
        using var collector = new MySqlCommand();
        var writer = SagaRowWriter.For(Db.Model);
        var index = 0;
        foreach (var (sagaId, lockedVersion) in _updates)
        {
            writer.AppendUpdate(sql, collector, _locked[sagaId], _stored.GetValueOrDefault(sagaId), lockedVersion, WriteName(tag, index++));
        }

        // Last, so that their matched-row results are the batch's first.
        var guardedDeletes = _deletes.Count;
        foreach (var (sagaId, lockedVersion) in _deletes)
        {
            writer.AppendDelete(sql, collector, _locked[sagaId], lockedVersion, WriteName(tag, index++));
        }

        parameters.AddRange(collector.Parameters.Cast<DbParameter>());
        collector.Parameters.Clear();
        _updates.Clear();
        _deletes.Clear();
        _history.Clear();
        return sql.Length == 0 ? null : new DeferredWrites(sql.ToString(), parameters, guardedDeletes);
    }

    private static string WriteName(int tag, int index) => string.Create(CultureInfo.InvariantCulture, $"s{tag}_{index}");

    /// <summary>An earlier event's held-back writes, sent before this unit's own command (group transactions only).</summary>
    private Task SendDeferredAsync(CancellationToken ct) => _group?.SendDeferredAsync(ct) ?? Task.CompletedTask;
}
