using System.Data;
using System.Text;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// One attempt at applying one message: a ReadCommitted transaction holding the saga row lock, the inbox record and the
/// step history, committed together or not at all. Disposing it uncommitted rolls everything back.
/// </summary>
internal sealed class SagaUnitOfWork : IAsyncDisposable
{
    // Selecting by primary key under ReadCommitted locks that one row and no gap, which keeps concurrent
    // first events from deadlocking on gap locks.
    private const string LockSql = "SELECT * FROM onboarding_sagas WHERE correlation_id = {0} FOR UPDATE";

    private readonly IDbContextTransaction _transaction;
    private readonly TimeProvider _time;
    private readonly Dictionary<Guid, CustomerOnboardingState> _locked = [];
    private readonly List<StepAttemptRecord> _history = [];
    private readonly CommittedTransitions _transitions = new();
    // MassTransit may save several instances of a query concurrently; a DbContext allows one operation at a time.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private InboxEntry? _inbox;
    private bool _committed;

    private SagaUnitOfWork(SagaDbContext db, IDbContextTransaction transaction, TimeProvider time)
    {
        Db = db;
        _transaction = transaction;
        _time = time;
    }

    public SagaDbContext Db { get; }

    /// <summary>The saga this attempt touched first, recorded in the inbox and given to the commit hook.</summary>
    public Guid? SagaId { get; private set; }

    public static async Task<SagaUnitOfWork> BeginAsync(SagaDbContext db, TimeProvider time, CancellationToken ct)
    {
        // A savepoint around each SaveChanges costs two round trips and buys nothing: a failure aborts the whole attempt.
        db.Database.AutoSavepointsEnabled = false;
        var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        return new SagaUnitOfWork(db, transaction, time);
    }

    public async Task<bool> TryRecordInboxAsync(InboxEntry entry, CancellationToken ct)
    {
        var recorded = await InboxRecorder.TryRecordAsync(Db, entry, _time.GetUtcNow(), ct).ConfigureAwait(false);
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
            if (await LockUnguardedAsync(instance.CorrelationId, ct).ConfigureAwait(false) is not null)
            {
                return false;
            }

            _transitions.Created(instance);
            Stamp(instance, version: 0);
            Db.OnboardingSagas.Add(instance);
            // A duplicate key here means a concurrent first event inserted between our read and our insert. It is not
            // caught: the whole attempt restarts, which releases that shared lock at once, and the retry's locking read
            // finds the committed row.
            await Db.SaveChangesAsync(ct).ConfigureAwait(false);
            _locked[instance.CorrelationId] = instance;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes a saga created in memory (the Add path): its first saved transition.</summary>
    public Task AddAsync(CustomerOnboardingState instance, CancellationToken ct) =>
        GuardedAsync(
            () =>
            {
                _transitions.Created(instance);
                Stamp(instance, instance.Version + 1);
                Db.OnboardingSagas.Add(instance);
                _locked[instance.CorrelationId] = instance;
            },
            ct);

    /// <summary>Saves a transition of a locked saga; the version check guards against any write that bypassed the lock.</summary>
    public Task UpdateAsync(CustomerOnboardingState instance, CancellationToken ct) =>
        GuardedAsync(
            () =>
            {
                EnsureTracked(instance);
                Stamp(instance, instance.Version + 1);
            },
            ct);

    public Task DeleteAsync(CustomerOnboardingState instance, CancellationToken ct) =>
        GuardedAsync(
            () =>
            {
                EnsureTracked(instance);
                TakeHistory(instance);
                Db.OnboardingSagas.Remove(instance);
            },
            ct);

    /// <summary>Forgets in-memory changes of an instance whose transition failed; the rollback undoes the rest.</summary>
    public void Undo(CustomerOnboardingState instance)
    {
        instance.PendingHistory.Clear();
        var entry = Db.Entry(instance);
        if (entry.State == EntityState.Modified)
        {
            entry.State = EntityState.Unchanged;
        }
    }

    /// <param name="metrics">Told what the transaction changed once it is committed, never before.</param>
    public async Task CommitAsync(ISagaCommitHook hook, OnboardingMetrics metrics, CancellationToken ct)
    {
        await WriteSideRowsAsync(ct).ConfigureAwait(false);
        await hook.BeforeCommitAsync(SagaId ?? Guid.Empty, ct).ConfigureAwait(false);
        await _transaction.CommitAsync(ct).ConfigureAwait(false);
        _committed = true;
        _transitions.RecordTo(metrics);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await RollbackQuietlyAsync().ConfigureAwait(false);
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<CustomerOnboardingState?> LockUnguardedAsync(Guid correlationId, CancellationToken ct)
    {
        if (_locked.TryGetValue(correlationId, out var locked))
        {
            return locked;
        }

        var rows = await Db.OnboardingSagas.FromSqlRaw(LockSql, correlationId.ToString()).ToListAsync(ct).ConfigureAwait(false);
        var instance = rows.FirstOrDefault();
        if (instance is not null)
        {
            _transitions.Loaded(instance);
            _locked[correlationId] = instance;
            SagaId ??= correlationId;
        }

        return instance;
    }

    private async Task GuardedAsync(Action prepare, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            prepare();
            await Db.SaveChangesAsync(ct).ConfigureAwait(false);
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

    private void EnsureTracked(CustomerOnboardingState instance)
    {
        if (Db.Entry(instance).State == EntityState.Detached)
        {
            throw new InvalidOperationException($"Saga {instance.CorrelationId} was not loaded through this transaction, so its row is not locked");
        }
    }

    private async Task WriteSideRowsAsync(CancellationToken ct)
    {
        var sql = new StringBuilder();
        var parameters = new List<MySqlParameter>();
        StepHistoryWriter.Append(sql, parameters, _history);
        if (_inbox is not null && SagaId is { } sagaId && _inbox.SagaId != sagaId)
        {
            sql.Append(InboxRecorder.AssignSagaSql).Append(";\n");
            parameters.Add(new MySqlParameter("@inboxSaga", sagaId.ToString()));
            parameters.Add(new MySqlParameter("@inboxSource", _inbox.Source));
            parameters.Add(new MySqlParameter("@inboxId", _inbox.EventId));
        }

        if (sql.Length > 0)
        {
            await Db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct).ConfigureAwait(false);
        }

        _history.Clear();
    }

    private async Task RollbackQuietlyAsync()
    {
        try
        {
            await _transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The server already ended the transaction (deadlock victim, broken connection): nothing left to undo.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
