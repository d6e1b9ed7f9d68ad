using System.Data;
using System.Data.Common;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.GroupCommit;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
    private readonly IDbContextTransaction _transaction;
    private readonly ISagaCommitHook _hook;
    private readonly OnboardingMetrics _metrics;
    private readonly List<(Guid? SagaId, CommittedTransitions Transitions)> _applied = [];
    private readonly List<Action> _afterCommit = [];
    // One per ApplyAsync call, in order; not applied: the event failed.
    private readonly List<(StepLaunchBatch Launches, bool Applied)> _launches = [];
    private bool _committed;
    // The last applied event's writes, sent with the next event's first command or before the commit.
    private DeferredWrites? _deferred;

    private SagaGroupTransaction(AsyncServiceScope scope, SagaDbContext db, IDbContextTransaction transaction, ISagaCommitHook hook, OnboardingMetrics metrics)
    {
        _scope = scope;
        Db = db;
        _transaction = transaction;
        _hook = hook;
        _metrics = metrics;
    }

    /// <summary>The group the current event is applied in, if any.</summary>
    public static SagaGroupTransaction? Current => Ambient.Value;

    public SagaDbContext Db { get; }

    public DbTransaction Transaction => _transaction.GetDbTransaction();

    public bool IsUsable { get; private set; } = true;

    public static async Task<SagaGroupTransaction> BeginAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<SagaDbContext>();
            db.Database.AutoSavepointsEnabled = false;
            var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
            return new SagaGroupTransaction(
                scope, db, transaction, scope.ServiceProvider.GetRequiredService<ISagaCommitHook>(), scope.ServiceProvider.GetRequiredService<OnboardingMetrics>());
        }
        catch
        {
            await scope.DisposeAsync().ConfigureAwait(false);
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
        await SendDeferredAsync(cancellationToken).ConfigureAwait(false);
        await AwaitLaunchesAsync().ConfigureAwait(false);
        foreach (var (sagaId, _) in _applied)
        {
            await _hook.BeforeCommitAsync(sagaId ?? Guid.Empty, cancellationToken).ConfigureAwait(false);
        }

        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
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

        await _transaction.DisposeAsync().ConfigureAwait(false);
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

    /// <summary>Holds an applied event's writes back for the group's next command; at most one batch waits.</summary>
    internal void Defer(DeferredWrites writes)
    {
        if (_deferred is not null)
        {
            throw new InvalidOperationException("An event's writes are deferred while an earlier event's still wait; send those first.");
        }

        _deferred = writes;
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

        await using var command = (MySqlCommand)Transaction.Connection!.CreateCommand();
        command.Transaction = (MySqlTransaction)Transaction;
        try
        {
            await deferred.ExecuteAsync(command, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MySqlException or DbUpdateConcurrencyException)
        {
            Broken();
            throw new DeferredWritesFailedException(e);
        }
    }

    /// <summary>The writes waiting to be sent, which the caller now sends in front of its own command.</summary>
    internal DeferredWrites? TakeDeferred()
    {
        var deferred = _deferred;
        _deferred = null;
        return deferred;
    }

    /// <summary>The server ended the transaction under a unit: what the group applied so far is gone too.</summary>
    internal void Broken() => IsUsable = false;
}
