using static Knapscen.Sagas.Tests.StepWorkers.RegisterCustomerStepTests;
using static Knapscen.Sagas.Tests.StepWorkers.RegisterUserStepTests;

namespace Knapscen.Sagas.Tests.StepWorkers;

[Trait("Tier", "integration")]
public class OrderSwagStepTests
{
    [Fact]
    public async Task Records_one_order_and_a_rerun_changes_nothing()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);

        var first = await StepProcess.RunAsync("order-swag", onboarding.Swag());
        var before = await onboarding.Database.SnapshotAsync();
        var second = await StepProcess.RunAsync("order-swag", onboarding.Swag("somewhere else"));

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Equal([$"ordered swag for customer {onboarding.CustomerId} (TechCorp Solutions)"], first.Stdout);
        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Equal([$"swag for customer {onboarding.CustomerId} was already ordered"], second.Stdout);
        Assert.Equal(before, await onboarding.Database.SnapshotAsync());
        Assert.Equal("123 Tech Street, San Francisco, CA 94105", await onboarding.Database.ScalarAsync(
            "SELECT shipping_address FROM swag_orders WHERE customer_id = @id AND status = 'ordered'", ("@id", onboarding.CustomerId)));
    }

    [Fact]
    public async Task An_empty_shipping_address_is_recorded_as_unknown()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);

        var run = await StepProcess.RunInProcessAsync("order-swag", onboarding.Swag(""));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(1, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM swag_orders WHERE shipping_address IS NULL"));
    }

    [Fact]
    public async Task Bad_input_and_a_missing_customer_fail()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);
        var stranger = new Onboarding(onboarding.Database);

        var badTier = await StepProcess.RunAsync("order-swag", onboarding.Swag().Set("SUBSCRIPTION_TIER", "gold"));
        var badId = await StepProcess.RunInProcessAsync("order-swag", onboarding.Swag().Set("CUSTOMER_ID", "42"));
        var missingCustomer = await StepProcess.RunInProcessAsync("order-swag", stranger.Swag());

        AssertFailed(badTier, "order-swag: SUBSCRIPTION_TIER 'gold' is not one of basic, groovy, far-out");
        AssertFailed(badId, "order-swag: CUSTOMER_ID '42' is not a UUID");
        AssertFailed(missingCustomer, $"order-swag: customer {stranger.CustomerId} does not exist");
        Assert.Equal(0, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM swag_orders"));
    }
}
