using static Knapscen.Sagas.Tests.StepWorkers.RegisterCustomerStepTests;
using static Knapscen.Sagas.Tests.StepWorkers.RegisterUserStepTests;

namespace Knapscen.Sagas.Tests.StepWorkers;

[Trait("Tier", "integration")]
public class CreateTouchpointsStepTests
{
    [Fact]
    public async Task Schedules_the_four_touchpoints_from_today()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);
        var now = new DateTimeOffset(2025, 10, 4, 23, 30, 0, TimeSpan.Zero);

        var run = await StepProcess.RunInProcessAsync("create-touchpoints", onboarding.Touchpoints(), now);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal([$"created touchpoints for customer {onboarding.CustomerId} (welcome outreach 2025-10-05)"], run.Stdout);
        Assert.Equal(1, await onboarding.Database.CountAsync(
            """
            SELECT COUNT(*) FROM touchpoints WHERE customer_id = @id AND welcome_outreach = '2025-10-05' AND technical_onboarding = '2025-10-11'
              AND follow_up_call = '2025-10-25' AND feedback_session = '2025-11-18'
            """,
            ("@id", onboarding.CustomerId)));
    }

    [Fact]
    public async Task Creates_one_row_and_a_rerun_on_a_later_day_changes_nothing()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);

        var first = await StepProcess.RunAsync("create-touchpoints", onboarding.Touchpoints());
        var before = await onboarding.Database.SnapshotAsync();
        var second = await StepProcess.RunAsync("create-touchpoints", onboarding.Touchpoints());
        var later = await StepProcess.RunInProcessAsync("create-touchpoints", onboarding.Touchpoints(), DateTimeOffset.UtcNow.AddDays(3));

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Equal([$"touchpoints for customer {onboarding.CustomerId} already existed"], second.Stdout);
        Assert.Equal([$"touchpoints for customer {onboarding.CustomerId} already existed"], later.Stdout);
        Assert.Equal(before, await onboarding.Database.SnapshotAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(today.AddDays(1).ToDateTime(TimeOnly.MinValue), await onboarding.Database.ScalarAsync(
            "SELECT welcome_outreach FROM touchpoints WHERE customer_id = @id", ("@id", onboarding.CustomerId)));
    }

    [Fact]
    public async Task Concurrent_attempts_create_one_row()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => StepProcess.RunInProcessAsync("create-touchpoints", onboarding.Touchpoints())));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Describe()));
        Assert.Equal(1, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM touchpoints"));
    }

    [Fact]
    public async Task A_missing_customer_fails()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);

        var run = await StepProcess.RunAsync("create-touchpoints", onboarding.Touchpoints());
        var missingName = await StepProcess.RunInProcessAsync("create-touchpoints", onboarding.Touchpoints().Without("CUSTOMER_NAME"));

        AssertFailed(run, $"create-touchpoints: customer {onboarding.CustomerId} does not exist");
        AssertFailed(missingName, "create-touchpoints: environment variable CUSTOMER_NAME is not set");
    }
}
