using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Onboarding;
using Microsoft.EntityFrameworkCore;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class StepHistoryTests : IAsyncLifetime
{
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Pending_history_lands_in_saga_step_history_and_a_finished_record_completes_its_row()
    {
        var sagaId = Guid.NewGuid();
        var started = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));

        await _host.SendAsync(new BumpTestSaga(sagaId, "launch-user-step", new StepAttemptRecord(sagaId, "register-user", 1, 1, "job-a", started)));
        await _host.SendAsync(new BumpTestSaga(sagaId, "launch-saved-step", new StepAttemptRecord(sagaId, "customer-saved", null, 1, "job-b", started)));
        await _host.SendAsync(new BumpTestSaga(
            sagaId,
            "finish-user-step",
            new StepAttemptRecord(sagaId, "register-user", 1, 1, "job-a", started, started.AddSeconds(30), "Failed", new string('x', 5000))));

        var rows = await _host.QueryAsync(db => db.StepHistory.AsNoTracking().Where(row => row.SagaId == sagaId).OrderBy(row => row.Step).ToListAsync());
        Assert.Equal(2, rows.Count);

        var saved = rows[0];
        Assert.Equal("customer-saved", saved.Step);
        Assert.Equal(StepHistoryEntry.NotPerUser, saved.UserIndex);
        Assert.Null(saved.Outcome);
        Assert.Null(saved.FinishedAt);

        var user = rows[1];
        Assert.Equal("register-user", user.Step);
        Assert.Equal(1, user.UserIndex);
        Assert.Equal("job-a", user.LaunchId);
        Assert.Equal(started, user.StartedAt);
        Assert.Equal(started.AddSeconds(30), user.FinishedAt);
        Assert.Equal("Failed", user.Outcome);
        Assert.Equal(2000, user.Error?.Length);

        var saga = await _host.ReadSagaAsync(sagaId);
        Assert.NotNull(saga);
        Assert.Empty(saga.PendingHistory);
    }
}
