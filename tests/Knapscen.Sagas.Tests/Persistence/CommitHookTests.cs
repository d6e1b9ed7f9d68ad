using Knapscen.Sagas.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class CommitHookTests : IAsyncLifetime
{
    private readonly CrashOnceHook _hook = new();
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync(services => services.AddSingleton<ISagaCommitHook>(_hook));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_crash_just_before_commit_leaves_nothing_behind_and_the_redelivery_applies_once()
    {
        var sagaId = Guid.NewGuid();
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));
        _hook.ArmFor(sagaId);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => _host.SendAsync(new BumpTestSaga(sagaId, "lost"), ("urn:test", "bump-crash")));

        var untouched = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(untouched);
        Assert.Equal(1, untouched.Version);
        Assert.Empty(untouched.Steps);
        Assert.Equal(0, await _host.QueryAsync(db => db.ProcessedEvents.CountAsync(e => e.EventId == "bump-crash")));

        await _host.SendAsync(new BumpTestSaga(sagaId, "redelivered"), ("urn:test", "bump-crash"));

        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        Assert.Equal(2, saga.Version);
        Assert.Equal(["redelivered"], saga.Steps.Select(step => step.Step));
    }

    [Fact]
    public async Task A_crash_before_the_first_commit_leaves_no_saga_row()
    {
        var sagaId = Guid.NewGuid();
        _hook.ArmFor(sagaId);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => _host.SendAsync(new StartTestSaga(sagaId, "Acme")));

        Assert.Null(await _host.ReadSagaAsync(sagaId));
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));
        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        Assert.Equal(1, saga.Version);
    }

    private sealed class CrashOnceHook : ISagaCommitHook
    {
        private Guid _armedFor;

        public void ArmFor(Guid sagaId) => _armedFor = sagaId;

        public ValueTask BeforeCommitAsync(Guid sagaId, CancellationToken ct)
        {
            if (sagaId != Guid.Empty && sagaId == _armedFor)
            {
                _armedFor = Guid.Empty;
                throw new SimulatedCrashException();
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException()
            : base("simulated crash before commit")
        {
        }
    }
}
