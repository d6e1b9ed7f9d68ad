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
    public async Task A_finished_attempt_lands_in_saga_step_history_and_a_running_one_only_on_the_saga_row()
    {
        var sagaId = Guid.NewGuid();
        var started = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));

        await _host.SendAsync(new BumpTestSaga(sagaId, "launch-user-step", new StepAttemptRecord(sagaId, "register-user", 1, 1, "job-a", started)));
        await _host.SendAsync(new BumpTestSaga(sagaId, "launch-saved-step", new StepAttemptRecord(sagaId, "customer-saved", null, 1, "job-b", started)));
        Assert.Empty(await HistoryAsync(sagaId));

        await _host.SendAsync(new BumpTestSaga(
            sagaId,
            "finish-user-step",
            new StepAttemptRecord(sagaId, "register-user", 1, 1, "job-a", started, started.AddSeconds(30), "Failed", new string('x', 5000))));

        var user = Assert.Single(await HistoryAsync(sagaId));
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

    [Fact]
    public async Task A_row_written_at_the_launch_by_an_earlier_version_is_completed_by_the_finish()
    {
        var sagaId = Guid.NewGuid();
        var started = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await _host.SendAsync(new StartTestSaga(sagaId, "Acme"));
        await _host.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO saga_step_history (saga_id, step, user_index, attempt, launch_id, started_at) VALUES ({0}, 'order-swag', -1, 1, 'job-c', {1})",
            sagaId.ToString(),
            started.UtcDateTime));

        await _host.SendAsync(new BumpTestSaga(
            sagaId,
            "finish-swag",
            new StepAttemptRecord(sagaId, "order-swag", null, 1, "job-c", started, started.AddSeconds(5), "Succeeded")));

        var row = Assert.Single(await HistoryAsync(sagaId));
        Assert.Equal((StepHistoryEntry.NotPerUser, 1, "job-c"), (row.UserIndex, row.Attempt, row.LaunchId));
        Assert.Equal((started.AddSeconds(5), "Succeeded"), (row.FinishedAt, row.Outcome));
    }

    private Task<List<StepHistoryEntry>> HistoryAsync(Guid sagaId) =>
        _host.QueryAsync(db => db.StepHistory.AsNoTracking().Where(row => row.SagaId == sagaId).OrderBy(row => row.Step).ToListAsync());
}
