using static Knapscen.Sagas.Tests.StepWorkers.RegisterCustomerStepTests;

namespace Knapscen.Sagas.Tests.StepWorkers;

[Trait("Tier", "integration")]
public class RegisterUserStepTests
{
    private static readonly (string Name, string Email, string Role) John = Onboarding.SampleUsers[0];

    [Fact]
    public async Task Registers_the_user_once_and_a_rerun_changes_nothing()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);

        var first = await StepProcess.RunAsync("register-user", onboarding.User(John));
        var before = await onboarding.Database.SnapshotAsync();
        var second = await StepProcess.RunAsync("register-user", onboarding.User(John));

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Equal([$"registered user john.smith@techcorp.com (customer_account_owner) of customer {onboarding.CustomerId}"], first.Stdout);
        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Equal([$"user john.smith@techcorp.com of customer {onboarding.CustomerId} was already registered"], second.Stdout);
        Assert.Equal(before, await onboarding.Database.SnapshotAsync());
        Assert.Equal("customer_account_owner", await onboarding.Database.ScalarAsync(
            "SELECT r.role_name FROM users u JOIN user_roles r ON r.id = u.role_id WHERE u.customer_id = @id", ("@id", onboarding.CustomerId)));
    }

    [Fact]
    public async Task An_unknown_role_fails()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);

        var run = await StepProcess.RunAsync("register-user", onboarding.User(John).Set("ROLE_NAME", "overlord"));

        AssertFailed(run, "register-user: role 'overlord' does not exist");
        Assert.Equal(0, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public async Task An_email_owned_by_another_customer_fails_and_keeps_the_owner()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var owner = await RegisteredCustomerAsync(database);
        var other = await RegisteredCustomerAsync(database, "Other Corp");
        Assert.Equal(0, (await StepProcess.RunInProcessAsync("register-user", owner.User(John))).ExitCode);

        var run = await StepProcess.RunAsync("register-user", other.User(John with { Email = "JOHN.SMITH@techcorp.com" }));

        AssertFailed(run, "register-user: email JOHN.SMITH@techcorp.com is already registered to another customer");
        Assert.Equal(owner.CustomerId, await database.ScalarAsync("SELECT customer_id FROM users"));
    }

    [Fact]
    public async Task A_user_of_a_customer_that_does_not_exist_fails()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);

        var run = await StepProcess.RunInProcessAsync("register-user", onboarding.User(John));

        AssertFailed(run, $"register-user: customer {onboarding.CustomerId} does not exist");
    }

    [Fact]
    public async Task A_missing_email_fails()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);

        var run = await StepProcess.RunInProcessAsync("register-user", onboarding.User(John).Without("USER_EMAIL"));

        AssertFailed(run, "register-user: environment variable USER_EMAIL is not set");
    }

    internal static async Task<Onboarding> RegisteredCustomerAsync(StepWorkerDatabase database, string name = "TechCorp Solutions")
    {
        var onboarding = new Onboarding(database) { Name = name };
        var run = await StepProcess.RunInProcessAsync("register-customer", onboarding.Customer());
        Assert.True(run.ExitCode == 0, run.Describe());
        return onboarding;
    }
}
