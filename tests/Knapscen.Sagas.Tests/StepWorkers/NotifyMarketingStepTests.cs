using static Knapscen.Sagas.Tests.StepWorkers.RegisterCustomerStepTests;
using static Knapscen.Sagas.Tests.StepWorkers.RegisterUserStepTests;

namespace Knapscen.Sagas.Tests.StepWorkers;

[Trait("Tier", "integration")]
public class NotifyMarketingStepTests
{
    [Fact]
    public async Task Records_one_notice_and_a_rerun_changes_nothing()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);

        var first = await StepProcess.RunAsync("notify-marketing", onboarding.Marketing(userCount: 3));
        var before = await onboarding.Database.SnapshotAsync();
        var second = await StepProcess.RunAsync("notify-marketing", onboarding.Marketing(userCount: 5));

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Equal([$"notified marketing of customer {onboarding.CustomerId} (TechCorp Solutions, 3 users)"], first.Stdout);
        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Equal([$"marketing was already notified of customer {onboarding.CustomerId}"], second.Stdout);
        Assert.Equal(before, await onboarding.Database.SnapshotAsync());
        Assert.Equal(1, await onboarding.Database.CountAsync(
            "SELECT COUNT(*) FROM marketing_notices WHERE customer_id = @id AND status = 'notified' AND user_count = 3 AND event_id = 'evt-customer-001'",
            ("@id", onboarding.CustomerId)));
    }

    [Fact]
    public async Task Bad_input_and_a_missing_customer_fail()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);
        var stranger = new Onboarding(onboarding.Database);

        var badCount = await StepProcess.RunAsync("notify-marketing", onboarding.Marketing().Set("USER_COUNT", "three"));
        var badTier = await StepProcess.RunInProcessAsync("notify-marketing", onboarding.Marketing().Set("SUBSCRIPTION_TIER", ""));
        var missingCustomer = await StepProcess.RunInProcessAsync("notify-marketing", stranger.Marketing());

        AssertFailed(badCount, "notify-marketing: USER_COUNT 'three' is not a non-negative integer");
        AssertFailed(badTier, "notify-marketing: environment variable SUBSCRIPTION_TIER is not set");
        AssertFailed(missingCustomer, $"notify-marketing: customer {stranger.CustomerId} does not exist");
        Assert.Equal(0, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM marketing_notices"));
    }
}
