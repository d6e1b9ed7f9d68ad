namespace Knapscen.Sagas.Tests.StepWorkers;

[Trait("Tier", "integration")]
public class RegisterCustomerStepTests
{
    [Fact]
    public async Task Registers_the_customer_once_and_a_rerun_changes_nothing()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);

        var first = await StepProcess.RunAsync("register-customer", onboarding.Customer());
        var before = await onboarding.Database.SnapshotAsync();
        var second = await StepProcess.RunAsync("register-customer", onboarding.Customer().Set("COMPANY_NAME", "Renamed Corp"));

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Equal([$"registered customer {onboarding.CustomerId} (TechCorp Solutions)"], first.Stdout);
        Assert.Empty(first.Stderr);
        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Equal([$"customer {onboarding.CustomerId} was already registered"], second.Stdout);
        Assert.Equal(before, await onboarding.Database.SnapshotAsync());
        Assert.Equal("far-out", await onboarding.Database.ScalarAsync("SELECT subscription_tier FROM corporate_customers WHERE id = @id", ("@id", onboarding.CustomerId)));
    }

    [Fact]
    public async Task An_upper_case_customer_id_is_stored_in_canonical_form()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);

        var run = await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer().Set("CUSTOMER_ID", onboarding.CustomerId.ToUpperInvariant()));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(1, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM corporate_customers WHERE BINARY id = @id", ("@id", onboarding.CustomerId)));
    }

    [Fact]
    public async Task Bad_input_fails_with_one_line_saying_why()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);

        var badTier = await StepProcess.RunAsync("register-customer", onboarding.Customer().Set("SUBSCRIPTION_TIER", "platinum"));
        var badId = await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer().Set("CUSTOMER_ID", "not-a-uuid"));
        var missingName = await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer().Without("COMPANY_NAME"));
        var badData = await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer().Set("COMPANY_DATA", "[1,2]"));

        AssertFailed(badTier, "register-customer: SUBSCRIPTION_TIER 'platinum' is not one of basic, groovy, far-out");
        AssertFailed(badId, "register-customer: CUSTOMER_ID 'not-a-uuid' is not a UUID");
        AssertFailed(missingName, "register-customer: environment variable COMPANY_NAME is not set");
        AssertFailed(badData, "register-customer: COMPANY_DATA is not a JSON object");
        Assert.Equal(0, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM corporate_customers"));
    }

    [Fact]
    public async Task An_unreachable_database_fails_without_printing_the_password()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);

        var unreachable = await StepProcess.RunAsync("register-customer", onboarding.Customer().Set("DB_PORT", "1"));
        var wrongPassword = await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer().Set("DB_PASSWORD", "not-the-Secret-42"));

        Assert.Equal(1, unreachable.ExitCode);
        Assert.Empty(unreachable.Stdout);
        var line = Assert.Single(unreachable.Stderr);
        Assert.StartsWith("register-customer: cannot reach the database at 127.0.0.1:1: ", line, StringComparison.Ordinal);
        Assert.Equal(1, wrongPassword.ExitCode);
        Assert.DoesNotContain("not-the-Secret-42", Assert.Single(wrongPassword.Stderr), StringComparison.Ordinal);
        Assert.DoesNotContain(onboarding.Database.Password, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_that_exists_without_a_saga_is_refused_and_no_compensation_touches_it_or_its_users()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);
        var owner = Onboarding.SampleUsers[0];
        // Created outside any saga (no SAGA_ID), like a customer that was there before the orchestrator.
        Assert.Equal(0, (await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer())).ExitCode);
        Assert.Equal(0, (await StepProcess.RunInProcessAsync("register-user", onboarding.User(owner))).ExitCode);
        var before = await onboarding.Database.SnapshotAsync();
        var sagaId = Guid.NewGuid().ToString();

        var customer = await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer().Set("SAGA_ID", sagaId));
        var user = await StepProcess.RunInProcessAsync("register-user", onboarding.User(owner).Set("SAGA_ID", sagaId));
        var deleteUser = await StepProcess.RunInProcessAsync("delete-user", onboarding.Compensation(owner.Email).Set("SAGA_ID", sagaId));
        // As the catalog runs it: register-customer reported no customer (it was refused), so only the saga id is given.
        var deleteCustomer = await StepProcess.RunInProcessAsync("delete-customer", onboarding.Compensation().Without("CUSTOMER_ID").Set("SAGA_ID", sagaId));

        AssertFailed(customer, $"register-customer: customer {onboarding.CustomerId} already exists and was not created by this onboarding (it belongs to no saga); refusing to take it over");
        AssertFailed(user, $"register-user: user {owner.Email} of customer {onboarding.CustomerId} already exists and was not created by this onboarding; refusing to take it over");
        Assert.True(deleteUser.ExitCode == 0, deleteUser.Describe());
        Assert.True(deleteCustomer.ExitCode == 0, deleteCustomer.Describe());
        Assert.Equal(before, await onboarding.Database.SnapshotAsync());
    }

    [Fact]
    public async Task A_saga_reruns_its_own_registration_and_its_compensation_removes_what_it_created()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);
        var sagaId = Guid.NewGuid().ToString();

        var first = await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer().Set("SAGA_ID", sagaId));
        var again = await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer().Set("SAGA_ID", sagaId));
        var user = await StepProcess.RunInProcessAsync("register-user", onboarding.User(Onboarding.SampleUsers[1]).Set("SAGA_ID", sagaId));
        var deleted = await StepProcess.RunInProcessAsync("delete-customer", onboarding.Compensation().Set("SAGA_ID", sagaId));

        Assert.True(first.ExitCode == 0 && again.ExitCode == 0 && user.ExitCode == 0, again.Describe() + user.Describe());
        Assert.Equal([$"customer {onboarding.CustomerId} was already registered"], again.Stdout);
        Assert.True(deleted.ExitCode == 0, deleted.Describe());
        Assert.Equal(0, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM corporate_customers"));
        Assert.Equal(0, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM users"));
    }

    internal static void AssertFailed(StepRun run, string reason)
    {
        Assert.True(run.ExitCode != 0, run.Describe());
        Assert.Empty(run.Stdout);
        Assert.Equal([reason], run.Stderr);
    }
}
