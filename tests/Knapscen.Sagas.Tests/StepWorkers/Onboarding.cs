namespace Knapscen.Sagas.Tests.StepWorkers;

/// <summary>The environment each step of one customer's onboarding gets, as the default catalog builds it.</summary>
public sealed class Onboarding(StepWorkerDatabase database)
{
    public static readonly (string Name, string Email, string Role)[] SampleUsers =
    [
        ("John Smith", "john.smith@techcorp.com", "customer_account_owner"),
        ("Jane Doe", "jane.doe@techcorp.com", "admin_user"),
        ("Jim Beam", "jim.beam@techcorp.com", "generic_user"),
    ];

    public string CustomerId { get; } = Guid.NewGuid().ToString();

    public string Name { get; init; } = "TechCorp Solutions";

    public string Tier { get; init; } = "far-out";

    public StepWorkerDatabase Database => database;

    public Dictionary<string, string> Customer() => With(new()
    {
        ["COMPANY_NAME"] = Name,
        ["COMPANY_DATA"] = $$"""{"name":"{{Name}}","subscription_tier":"{{Tier}}","users":[{"name":"John Smith","email":"john.smith@techcorp.com","role":"customer_account_owner"}]}""",
        ["SUBSCRIPTION_TIER"] = Tier,
        ["EVENT_ID"] = "evt-customer-001",
        ["EVENT_TIME"] = "2025-10-04T12:00:00Z",
        ["NATS_SUBJECT"] = "customer-saved",
    });

    public Dictionary<string, string> User((string Name, string Email, string Role) user) => With(new()
    {
        ["CUSTOMER_NAME"] = Name,
        ["USER_NAME"] = user.Name,
        ["USER_EMAIL"] = user.Email,
        ["ROLE_NAME"] = user.Role,
        ["NATS_SUBJECT"] = "user-saved",
    });

    public Dictionary<string, string> WelcomeEmail((string Name, string Email, string Role) user, string outbox) => With(new()
    {
        ["USER_NAME"] = user.Name,
        ["USER_EMAIL"] = user.Email,
        ["ROLE_NAME"] = user.Role,
        ["CUSTOMER_NAME"] = Name,
        ["EMAIL_TEMPLATE"] = "welcome",
        ["SUBSCRIPTION_TIER"] = Tier,
        ["NATS_SUBJECT"] = "welcome-email-sent",
        ["EMAIL_OUTBOX_DIR"] = outbox,
    });

    public Dictionary<string, string> Marketing(int userCount = 3) => With(new()
    {
        ["CUSTOMER_NAME"] = Name,
        ["SUBSCRIPTION_TIER"] = Tier,
        ["USER_COUNT"] = userCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["EVENT_ID"] = "evt-customer-001",
        ["EVENT_TIME"] = "2025-10-04T12:00:00Z",
        ["NATS_SUBJECT"] = "marketing-notified",
    });

    public Dictionary<string, string> Swag(string shippingAddress = "123 Tech Street, San Francisco, CA 94105") => With(new()
    {
        ["CUSTOMER_NAME"] = Name,
        ["SUBSCRIPTION_TIER"] = Tier,
        ["SHIPPING_ADDRESS"] = shippingAddress,
        ["EVENT_ID"] = "evt-customer-001",
        ["EVENT_TIME"] = "2025-10-04T12:00:00Z",
        ["NATS_SUBJECT"] = "swag-ordered",
    });

    public Dictionary<string, string> Touchpoints() => With(new()
    {
        ["CUSTOMER_NAME"] = Name,
        ["NATS_SUBJECT"] = "touchpoints-created",
    });

    /// <summary>What every compensation gets: the customer, plus the user for the per-user ones.</summary>
    public Dictionary<string, string> Compensation(string? userEmail = null)
    {
        var environment = With(new() { ["CUSTOMER_NAME"] = Name, ["EVENT_ID"] = "evt-customer-001" });
        if (userEmail is not null)
        {
            environment["USER_EMAIL"] = userEmail;
        }

        return environment;
    }

    private Dictionary<string, string> With(Dictionary<string, string> values)
    {
        var environment = database.Secret();
        environment["CUSTOMER_ID"] = CustomerId;
        foreach (var (name, value) in values)
        {
            environment[name] = value;
        }

        return environment;
    }
}

/// <summary>Small edits of a step environment for the failure cases.</summary>
public static class EnvironmentEdits
{
    public static Dictionary<string, string> Set(this Dictionary<string, string> environment, string name, string value) =>
        new(environment, StringComparer.Ordinal) { [name] = value };

    public static Dictionary<string, string> Without(this Dictionary<string, string> environment, string name)
    {
        var copy = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        copy.Remove(name);
        return copy;
    }
}
