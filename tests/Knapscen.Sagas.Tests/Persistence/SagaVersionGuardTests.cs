using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.Persistence.Repository;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Tests.Persistence;

/// <summary>The saga row is written at commit, guarded by the version it had when the transaction locked it.</summary>
[Trait("Tier", "integration")]
public sealed class SagaVersionGuardTests : IAsyncLifetime
{
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_row_changed_behind_the_lock_fails_the_commit_as_a_retryable_conflict_and_writes_nothing()
    {
        var sagaId = Guid.NewGuid();
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SagaDbContext>();
            await using var unit = await SagaUnitOfWork.BeginAsync(db, TimeProvider.System, CancellationToken.None);
            var saga = await unit.LockAsync(sagaId, CancellationToken.None).WaitAsync(SagaHost.Timeout);
            Assert.NotNull(saga);

            // Only a write inside this very transaction can get past the row lock: it stands for any write that bypassed it.
            await db.Database.ExecuteSqlRawAsync("UPDATE onboarding_sagas SET version = version + 10 WHERE correlation_id = {0}", sagaId.ToString())
                .WaitAsync(SagaHost.Timeout);
            saga.LastError = "lost";
            await unit.UpdateAsync(saga, CancellationToken.None);

            var conflict = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(
                () => unit.CommitAsync(new NoOpSagaCommitHook(), scope.ServiceProvider.GetRequiredService<OnboardingMetrics>(), CancellationToken.None).WaitAsync(SagaHost.Timeout));
            Assert.True(TransientSagaErrors.IsRetryable(conflict));
        }

        var stored = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.NotEqual("lost", stored.LastError);
    }

    [Fact]
    public async Task A_transition_writes_every_column_of_the_row_and_the_next_version()
    {
        var sagaId = Guid.NewGuid();
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));
        var before = await _host.ReadSagaAsync(sagaId);

        await _host.SendAsync(new BumpTestSaga(sagaId, "second"), ("urn:test", "bump-columns"));

        var after = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal("second", after.LastError);
        Assert.Equal("Acme", after.CustomerName);
        Assert.Equal(before.Steps.Count + 1, after.Steps.Count);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.True(after.UpdatedAt >= before.UpdatedAt);
        Assert.Equal(before.CurrentState, after.CurrentState);
    }
}
