using System.Data.Common;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.GroupCommit;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// One ReadCommitted transaction on one connection, carrying the events of several sagas. The repository finds it
/// through <see cref="Current"/> while <see cref="ApplyAsync"/> runs an event's mediator Send, and joins it
/// (<see cref="SagaUnitOfWork.Join"/>). The commit hook and the metrics see every saga of the group, at its
/// commit, as they would see a transaction of their own.
/// </summary>
internal sealed class SagaGroupTransaction : ISagaGroupTransaction
{
    private static readonly AsyncLocal<SagaGroupTransaction?> Ambient = new();

    private readonly AsyncServiceScope _scope;
    private readonly ISagaCommitHook _hook;
    private readonly OnboardingMetrics _metrics;
    private readonly List<(Guid? SagaId, CommittedTransitions Transitions)> _applied = [];
    private readonly List<Action> _afterCommit = [];
    // One per ApplyAsync call, in order; not applied: the event failed.
    private readonly List<(StepLaunchBatch Launches, bool Applied)> _launches = [];
    private readonly TimeProvider _time;
    private bool _committed;
    // The applied events' writes, sent with the next command that has to go now (an insert, a locking read) or before
    // the commit.
    private readonly List<DeferredWrites> _deferred = [];
    // The events the prelude recorded whose units have not taken them yet.
    private Dictionary<(string Source, string EventId), PreparedEvent>? _prepared;
    private bool _prepareCalled;
    private int _writeTags;

    private SagaGroupTransaction(AsyncServiceScope scope, SagaDbContext db, ServerTransaction transaction, ISagaCommitHook hook, OnboardingMetrics metrics, TimeProvider time)
    {
        _scope = scope;
        Db = db;
        Transaction = transaction;
        _hook = hook;
        _metrics = metrics;
        _time = time;
    }

    /// <summary>The group the current event is applied in, if any.</summary>
    public static SagaGroupTransaction? Current => Ambient.Value;

    public SagaDbContext Db { get; }

    public ServerTransaction Transaction { get; }

    public bool IsUsable { get; private set; } = true;

    public static async Task<SagaGroupTransaction> BeginAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<SagaDbContext>();
            var transaction = await ServerTransaction.OpenAsync(db, ct).ConfigureAwait(false);
            var services = scope.ServiceProvider;
            return new SagaGroupTransaction(
                scope, db, transaction, services.GetRequiredService<ISagaCommitHook>(), services.GetRequiredService<OnboardingMetrics>(), services.GetRequiredService<TimeProvider>());
        }
        catch
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task PrepareAsync(IReadOnlyList<GroupEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_prepareCalled || _launches.Count > 0 || !IsUsable || _committed)
        {
            throw new InvalidOperationException("A group transaction is prepared once, before its first event is applied.");
        }

        _prepareCalled = true;
        try
        {
            _prepared = await GroupPrelude.RunAsync(Transaction, SagaRowReader.For(Db.Model), events, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Broken();
            throw;
        }
    }

    public async Task ApplyAsync(Func<Task> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (!IsUsable || _committed)
        {
            throw new InvalidOperationException("This group transaction can take no more events.");
        }

        // Set inside this async method, so the values flow into the Send and are gone again when it returns.
        Ambient.Value = this;
        var launches = new StepLaunchBatch();
        launches.Enter();
        try
        {
            await send().ConfigureAwait(false);
            _launches.Add((launches, Applied: true));
        }
        catch
        {
            _launches.Add((launches, Applied: false));
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ForgetUnappliedEvents();
        await AwaitLaunchesAsync().ConfigureAwait(false);
        foreach (var (sagaId, _) in _applied)
        {
            await _hook.BeforeCommitAsync(sagaId ?? Guid.Empty, cancellationToken).ConfigureAwait(false);
        }

        // The writes held back go with the COMMIT, which runs only if every one of them succeeded.
        var deferred = TakeDeferred();
        try
        {
            await Transaction.CommitAsync(deferred, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (deferred is not null && e is MySqlException or DbUpdateConcurrencyException)
        {
            throw DeferredWritesFailed(e);
        }

        _committed = true;
        foreach (var (_, transitions) in _applied)
        {
            transitions.RecordTo(_metrics);
        }

        foreach (var action in _afterCommit)
        {
            action();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            // Whatever the group launched must have ended before its events are tried again.
            foreach (var (launches, _) in _launches)
            {
                await launches.SettleAsync().ConfigureAwait(false);
            }

            await Transaction.RollbackQuietlyAsync().ConfigureAwait(false);
        }

        await _scope.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Every event's launches, side by side; the events whose launches failed are named, and nothing commits.</summary>
    private async Task AwaitLaunchesAsync()
    {
        List<int>? failed = null;
        Exception? firstFailure = null;
        for (var i = 0; i < _launches.Count; i++)
        {
            var (launches, applied) = _launches[i];
            if (!applied)
            {
                await launches.SettleAsync().ConfigureAwait(false);
                continue;
            }

            try
            {
                await launches.WaitAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Named in the exception below; the intake retries that event alone.
            catch (Exception e)
#pragma warning restore CA1031
            {
                (failed ??= []).Add(i);
                firstFailure ??= e;
            }
        }

        if (failed is not null)
        {
            throw new GroupLaunchesFailedException(failed, firstFailure!);
        }
    }

    /// <summary>A unit's changes are written and wait for the group's commit.</summary>
    internal void Applied(Guid? sagaId, CommittedTransitions transitions) => _applied.Add((sagaId, transitions));

    internal void AfterCommit(Action action) => _afterCommit.Add(action);

    /// <summary>
    /// Holds an applied event's writes back, behind those of the events applied before it, for the group's next command
    /// or its commit. Their parameter names must be unique in the group (<see cref="NextWriteTag"/>).
    /// </summary>
    internal void Defer(DeferredWrites writes)
    {
        // A held-back batch goes in front of a later command: one that carries the BEGIN would run it outside the transaction.
        if (!Transaction.Begun)
        {
            throw new InvalidOperationException("Writes are held back only in a transaction already begun.");
        }

        _deferred.Add(writes);
    }

    /// <summary>An applied event's writes: held back, unless guarded deletes make them run now, after those held back.</summary>
    internal async Task WriteAsync(DeferredWrites writes, CancellationToken ct)
    {
        if (writes.GuardedDeletes == 0)
        {
            Defer(writes);
            return;
        }

        await SendDeferredAsync(ct).ConfigureAwait(false);
        await writes.ExecuteAsync(Transaction, then: null, ct).ConfigureAwait(false);
    }

    /// <summary>A number no other batch of this group's writes uses in its parameter names.</summary>
    internal int NextWriteTag() => _writeTags++;

    /// <summary>
    /// The prelude's answer for an event: recorded, and its saga locked (and loaded, if it exists). Null when the prelude
    /// did not record it; then the unit records it itself.
    /// </summary>
    internal PreparedEvent? TakePrepared(InboxEntry entry)
    {
        if (_prepared is null || !_prepared.Remove((entry.Source, entry.EventId), out var prepared))
        {
            return null;
        }

        return prepared.SagaId == entry.SagaId
            ? prepared
            : throw new InvalidOperationException($"Event {entry.Source}/{entry.EventId} was prepared for saga {prepared.SagaId} but applied to {entry.SagaId}.");
    }

    /// <summary>
    /// Sends the writes waiting, if any, as a command of their own. They are an earlier event's: their failure ends the
    /// group.
    /// </summary>
    internal async Task SendDeferredAsync(CancellationToken ct)
    {
        if (TakeDeferred() is not { } deferred)
        {
            return;
        }

        try
        {
            await deferred.ExecuteAsync(Transaction, then: null, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MySqlException or DbUpdateConcurrencyException)
        {
            throw DeferredWritesFailed(e);
        }
    }

    // Earlier events' writes failed: the group's transaction cannot commit.
    private DeferredWritesFailedException DeferredWritesFailed(Exception error)
    {
        Broken();
        return new DeferredWritesFailedException(error);
    }

    /// <summary>The writes waiting to be sent, which the caller now sends in front of its own command.</summary>
    internal DeferredWrites? TakeDeferred()
    {
        if (_deferred.Count == 0)
        {
            return null;
        }

        var deferred = DeferredWrites.Concat(_deferred);
        _deferred.Clear();
        return deferred;
    }

    /// <summary>
    /// An event whose application failed before it reached the repository (the intake applies it alone next) must not
    /// leave its prelude's inbox row behind: committed, that row would make it look applied.
    /// </summary>
    private void ForgetUnappliedEvents()
    {
        if (_prepared is not { Count: > 0 } left)
        {
            return;
        }

        var sql = new System.Text.StringBuilder();
        var parameters = new List<DbParameter>();
        foreach (var (source, eventId) in left.Keys)
        {
            InboxRecorder.AppendForget(sql, parameters, source, eventId, NextWriteTag());
        }

        left.Clear();
        Defer(new DeferredWrites(sql.ToString(), parameters, guardedDeletes: 0));
    }

    /// <summary>The server ended the transaction under a unit: what the group applied so far is gone too.</summary>
    internal void Broken() => IsUsable = false;
}
