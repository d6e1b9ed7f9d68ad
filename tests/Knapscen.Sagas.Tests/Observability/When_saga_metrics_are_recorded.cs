using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.StateMachines.Onboarding;
using Microsoft.EntityFrameworkCore;

namespace Knapscen.Sagas.Tests.Observability;

[Trait("Tier", "integration")]
public sealed class When_saga_metrics_are_recorded
{
    [Fact]
    public async Task A_step_that_fails_for_good_counts_its_retries_failures_and_the_compensation()
    {
        await using var spec = await MetricsSagaSpec.StartAsync();
        await spec.RegisterAsync();

        await spec.FailAsync(StepNames.RegisterCustomer, "exit code 1");
        await spec.ElapseAsync(TimeSpan.FromSeconds(2));
        await spec.FailAsync(StepNames.RegisterCustomer, "exit code 1");
        await spec.ElapseAsync(TimeSpan.FromSeconds(4));
        spec.Clock.Advance(TimeSpan.FromSeconds(3));
        await spec.FailAsync(StepNames.RegisterCustomer, "exit code 1");

        Assert.Equal("Compensated", (await spec.ReadAsync()).CurrentState);
        Assert.Equal(1, spec.Metrics.Sum("knapscen.sagas.started"));
        Assert.Equal(1, spec.Metrics.Sum("knapscen.sagas.compensated"));
        Assert.Equal(0, spec.Metrics.Sum("knapscen.sagas.completed"));
        Assert.Equal(2, spec.Metrics.Sum("knapscen.step.retries", ("step", StepNames.RegisterCustomer)));
        Assert.Equal(
            [0, 0, 3],
            spec.Metrics.Values("knapscen.step.duration", ("step", StepNames.RegisterCustomer), ("outcome", "failed")));
        Assert.Equal(0, spec.Metrics.Sum("knapscen.step.timeouts"));
    }

    [Fact]
    public async Task A_silent_step_past_its_deadline_counts_as_a_timeout()
    {
        await using var spec = await MetricsSagaSpec.StartAsync();
        await spec.RegisterAsync();

        await spec.ElapseAsync(TimeSpan.FromSeconds(126));

        Assert.Equal(StepStatus.Scheduled, (await spec.ReadAsync()).Steps.Single().Status);
        Assert.Equal(1, spec.Metrics.Sum("knapscen.step.timeouts", ("step", StepNames.RegisterCustomer)));
        Assert.Equal([126], spec.Metrics.Values("knapscen.step.duration", ("step", StepNames.RegisterCustomer), ("outcome", "timed_out")));
        Assert.Equal(0, spec.Metrics.Count("knapscen.step.duration", ("outcome", "failed")));
    }

    [Fact]
    public async Task A_completed_onboarding_counts_once_and_a_repeated_or_late_event_counts_as_ignored()
    {
        await using var spec = await MetricsSagaSpec.StartAsync();
        await spec.RegisterAsync("evt-first");
        await spec.RegisterAsync("evt-first");
        await spec.SucceedAsync(StepNames.RegisterCustomer);
        var registerCustomer = spec.Launcher.Latest(StepNames.RegisterCustomer);
        for (var user = 0; user < 3; user++)
        {
            await spec.SucceedAsync(StepNames.RegisterUser, user);
        }

        foreach (var launch in spec.Launcher.Launches.Where(launch => launch.Step is StepNames.SendWelcomeEmail or StepNames.NotifyMarketing or StepNames.OrderSwag).ToList())
        {
            await spec.SucceedAsync(launch);
        }

        await spec.SucceedAsync(StepNames.CreateTouchpoints, 0);
        await spec.SucceedAsync(registerCustomer);

        Assert.Equal("Completed", (await spec.ReadAsync()).CurrentState);
        Assert.Equal(1, spec.Metrics.Sum("knapscen.sagas.started"));
        Assert.Equal(1, spec.Metrics.Sum("knapscen.sagas.completed"));
        Assert.Equal(1, spec.Metrics.Sum("knapscen.events.ignored", ("reason", "already_applied")));
        Assert.Equal(1, spec.Metrics.Sum("knapscen.events.ignored", ("reason", "late_or_repeated")));
        Assert.Equal(3, spec.Metrics.Count("knapscen.step.duration", ("step", StepNames.RegisterUser), ("outcome", "succeeded")));
        Assert.Equal(10, spec.Metrics.Count("knapscen.step.duration", ("outcome", "succeeded")));
        Assert.Equal(0, spec.Metrics.Sum("knapscen.step.retries"));
    }

    [Fact]
    public async Task A_transaction_retried_after_a_conflict_counts_once()
    {
        var hook = new ConflictOnceHook();
        await using var spec = await MetricsSagaSpec.StartAsync(hook);

        await spec.RegisterAsync();

        Assert.Equal(2, hook.Commits);
        Assert.Equal(2, spec.Launcher.Sequence.Count(launch => launch.Step == StepNames.RegisterCustomer));
        Assert.Equal(1, spec.Metrics.Sum("knapscen.sagas.started"));
    }

    /// <summary>The first commit fails as a version conflict would; the repository redoes the message in a fresh scope.</summary>
    private sealed class ConflictOnceHook : ISagaCommitHook
    {
        private int commits;

        public int Commits => commits;

        public ValueTask BeforeCommitAsync(Guid sagaId, CancellationToken ct) =>
            Interlocked.Increment(ref commits) == 1
                ? throw new DbUpdateConcurrencyException("simulated version conflict before commit")
                : ValueTask.CompletedTask;
    }
}
