using static Knapscen.Sagas.Tests.StepWorkers.RegisterCustomerStepTests;

namespace Knapscen.Sagas.Tests.StepWorkers;

[Trait("Tier", "integration")]
public class CompensationStepTests
{
    [Fact]
    public async Task Compensating_in_reverse_order_removes_or_marks_every_row_of_the_customer_and_only_its_rows()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await OnboardedAsync(database);
        var bystander = await OnboardedAsync(database, "Bystander Inc", "bystander.com");
        var bystanderRows = await RowsOfAsync(database, bystander.CustomerId);

        await RunAllAsync("delete-touchpoints", onboarding.Compensation(Onboarding.SampleUsers[0].Email));
        Assert.Equal(0, await database.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @id", ("@id", onboarding.CustomerId)));

        foreach (var user in Onboarding.SampleUsers.Reverse())
        {
            await RunAllAsync("delete-user", onboarding.Compensation(user.Email));
        }

        Assert.Equal(0, await database.CountAsync("SELECT COUNT(*) FROM users WHERE customer_id = @id", ("@id", onboarding.CustomerId)));

        await RunAllAsync("cancel-swag-order", onboarding.Compensation());
        await RunAllAsync("retract-marketing-notice", onboarding.Compensation());
        Assert.Equal("cancelled", await database.ScalarAsync("SELECT status FROM swag_orders WHERE customer_id = @id", ("@id", onboarding.CustomerId)));
        Assert.NotNull(await database.ScalarAsync("SELECT cancelled_at FROM swag_orders WHERE customer_id = @id", ("@id", onboarding.CustomerId)));
        Assert.Equal("retracted", await database.ScalarAsync("SELECT status FROM marketing_notices WHERE customer_id = @id", ("@id", onboarding.CustomerId)));
        Assert.NotNull(await database.ScalarAsync("SELECT retracted_at FROM marketing_notices WHERE customer_id = @id", ("@id", onboarding.CustomerId)));

        await RunAllAsync("delete-customer", onboarding.Compensation());
        Assert.Equal("0,0,0,0,0", await RowsOfAsync(database, onboarding.CustomerId));
        Assert.Equal(bystanderRows, await RowsOfAsync(database, bystander.CustomerId));
        Assert.Equal("1,3,1,1,1", bystanderRows);
    }

    [Fact]
    public async Task Delete_customer_alone_cascades_to_every_row_of_the_customer()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await OnboardedAsync(database);

        var run = await StepProcess.RunAsync("delete-customer", onboarding.Compensation());

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal([$"deleted customer {onboarding.CustomerId} and its rows"], run.Stdout);
        Assert.Equal("0,0,0,0,0", await RowsOfAsync(database, onboarding.CustomerId));
    }

    [Fact]
    public async Task Delete_customer_removes_the_reported_customer_or_else_only_the_one_its_saga_created()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var ownSaga = Guid.NewGuid().ToString();
        var otherSaga = Guid.NewGuid().ToString();
        var own = new Onboarding(database);
        var others = new Onboarding(database) { Name = "Other Corp" };
        var original = new Onboarding(database) { Name = "Original Image Corp" };
        await RunOnceAsync("register-customer", own.Customer().Set("SAGA_ID", ownSaga));
        await RunOnceAsync("register-customer", others.Customer().Set("SAGA_ID", otherSaga));
        // What the original image leaves: a customer and a user with no owning saga.
        await RunOnceAsync("register-customer", original.Customer());
        await RunOnceAsync("register-user", original.User(Onboarding.SampleUsers[0]));

        var reportedOriginal = await StepProcess.RunInProcessAsync("delete-customer", original.Compensation().Set("SAGA_ID", ownSaga));
        var reportedOthers = await StepProcess.RunInProcessAsync("delete-customer", others.Compensation().Set("SAGA_ID", ownSaga));
        var nothingReported = await StepProcess.RunInProcessAsync("delete-customer", own.Compensation().Without("CUSTOMER_ID").Set("SAGA_ID", ownSaga));
        var nothingLeft = await StepProcess.RunInProcessAsync("delete-customer", own.Compensation().Without("CUSTOMER_ID").Set("SAGA_ID", ownSaga));

        Assert.Equal([$"deleted customer {original.CustomerId} and its rows"], reportedOriginal.Stdout);
        Assert.Equal("0,0,0,0,0", await RowsOfAsync(database, original.CustomerId));
        Assert.Equal([$"customer {others.CustomerId} was not there; nothing to delete"], reportedOthers.Stdout);
        Assert.Equal("1,0,0,0,0", await RowsOfAsync(database, others.CustomerId));
        Assert.Equal([$"deleted the customer saga {ownSaga} created and its rows"], nothingReported.Stdout);
        Assert.Equal("0,0,0,0,0", await RowsOfAsync(database, own.CustomerId));
        Assert.Equal(["register-customer reported no customer and this saga owns none; nothing to delete"], nothingLeft.Stdout);
    }

    [Theory]
    [InlineData("delete-customer", "customer {0} was not there; nothing to delete")]
    [InlineData("delete-user", "user john.smith@techcorp.com of customer {0} was not there; nothing to delete")]
    [InlineData("retract-marketing-notice", "customer {0} has no active marketing notice; nothing to retract")]
    [InlineData("cancel-swag-order", "customer {0} has no open swag order; nothing to cancel")]
    [InlineData("delete-touchpoints", "customer {0} had no touchpoints; nothing to delete")]
    public async Task Compensating_what_is_not_there_succeeds(string step, string summary)
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);

        var run = await StepProcess.RunAsync(step, onboarding.Compensation(Onboarding.SampleUsers[0].Email));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal([string.Format(System.Globalization.CultureInfo.InvariantCulture, summary, onboarding.CustomerId)], run.Stdout);
        Assert.Empty(run.Stderr);
    }

    [Theory]
    [InlineData("delete-customer")]
    [InlineData("delete-user")]
    [InlineData("retract-marketing-notice")]
    [InlineData("cancel-swag-order")]
    [InlineData("delete-touchpoints")]
    public async Task A_compensation_without_a_valid_customer_id_or_database_fails(string step)
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);
        var environment = onboarding.Compensation(Onboarding.SampleUsers[0].Email);

        var badId = await StepProcess.RunAsync(step, environment.Set("CUSTOMER_ID", "abc"));
        var noDatabase = await StepProcess.RunInProcessAsync(step, environment.Without("DB_HOST"));

        AssertFailed(badId, $"{step}: CUSTOMER_ID 'abc' is not a UUID");
        AssertFailed(noDatabase, $"{step}: environment variable DB_HOST is not set");
    }

    [Fact]
    public async Task Delete_user_needs_the_email_and_never_touches_another_customers_user()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var owner = await OnboardedAsync(database);
        var other = new Onboarding(database);

        var missing = await StepProcess.RunInProcessAsync("delete-user", owner.Compensation());
        var foreign = await StepProcess.RunInProcessAsync("delete-user", other.Compensation(Onboarding.SampleUsers[0].Email));

        AssertFailed(missing, "delete-user: environment variable USER_EMAIL is not set");
        Assert.Equal(0, foreign.ExitCode);
        Assert.Equal(3, await database.CountAsync("SELECT COUNT(*) FROM users WHERE customer_id = @id", ("@id", owner.CustomerId)));
    }

    /// <summary>register customer + 3 users + touchpoints + swag + marketing, as the saga's forward steps would.</summary>
    private static async Task<Onboarding> OnboardedAsync(StepWorkerDatabase database, string name = "TechCorp Solutions", string? domain = null)
    {
        var onboarding = new Onboarding(database) { Name = name };
        await RunOnceAsync("register-customer", onboarding.Customer());
        foreach (var user in Onboarding.SampleUsers)
        {
            var email = domain is null ? user.Email : user.Email.Replace("techcorp.com", domain, StringComparison.Ordinal);
            await RunOnceAsync("register-user", onboarding.User(user with { Email = email }));
        }

        await RunOnceAsync("create-touchpoints", onboarding.Touchpoints());
        await RunOnceAsync("order-swag", onboarding.Swag());
        await RunOnceAsync("notify-marketing", onboarding.Marketing());
        return onboarding;
    }

    private static async Task RunOnceAsync(string step, Dictionary<string, string> environment)
    {
        var run = await StepProcess.RunInProcessAsync(step, environment);
        Assert.True(run.ExitCode == 0, $"{step}: {run.Describe()}");
    }

    /// <summary>The real binary first, then a rerun in process: a compensation retried after success is still a success.</summary>
    private static async Task RunAllAsync(string step, Dictionary<string, string> environment)
    {
        var run = await StepProcess.RunAsync(step, environment);
        Assert.True(run.ExitCode == 0, $"{step}: {run.Describe()}");
        var rerun = await StepProcess.RunInProcessAsync(step, environment);
        Assert.True(rerun.ExitCode == 0, $"{step} rerun: {rerun.Describe()}");
    }

    /// <summary>customers, users, touchpoints, marketing notices, swag orders of one customer.</summary>
    private static async Task<string> RowsOfAsync(StepWorkerDatabase database, string customerId)
    {
        string[] tables = ["corporate_customers WHERE id", "users WHERE customer_id", "touchpoints WHERE customer_id", "marketing_notices WHERE customer_id", "swag_orders WHERE customer_id"];
        var counts = new List<long>();
        foreach (var table in tables)
        {
            counts.Add(await database.CountAsync($"SELECT COUNT(*) FROM {table} = @id", ("@id", customerId)));
        }

        return string.Join(',', counts);
    }
}
