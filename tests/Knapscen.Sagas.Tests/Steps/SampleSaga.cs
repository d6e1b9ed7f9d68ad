using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Tests.Steps;

/// <summary>The saga state the reference sample customer-registered event produces.</summary>
internal static class SampleSaga
{
    public const string DataJson = """
        {
          "name": "TechCorp Solutions",
          "subscription_tier": "far-out",
          "users": [
            { "name": "John Smith", "email": "john.smith@techcorp.com", "role": "customer_account_owner" },
            { "name": "Jane Doe", "email": "jane.doe@techcorp.com", "role": "admin_user" },
            { "name": "Jim Beam", "email": "jim.beam@techcorp.com", "role": "generic_user" }
          ],
          "hq": { "city": "San Francisco", "floors": [3, 4], "listed": false, "ticker": null }
        }
        """;

    public static readonly Guid CustomerId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");

    /// <summary>The sample saga once register-customer succeeded and reported what the built-in step reports: subject = the customer id.</summary>
    public static CustomerOnboardingState WithCustomerRegistered()
    {
        var saga = Create();
        saga.Steps.Add(new StepRun
        {
            Step = "register-customer",
            Attempt = 1,
            Status = StepStatus.Succeeded,
            Output = new StepOutput("disco.knapscen.customer.saved", CustomerId.ToString("D"), $"customer-saved.{CustomerId:D}", "knapscen.disco", null, DateTimeOffset.UnixEpoch),
        });
        return saga;
    }

    public static CustomerOnboardingState Create() => new()
    {
        CorrelationId = CustomerId,
        CustomerName = "TechCorp Solutions",
        SubscriptionTier = "far-out",
        Users =
        [
            new OnboardingUser("John Smith", "john.smith@techcorp.com", "customer_account_owner"),
            new OnboardingUser("Jane Doe", "jane.doe@techcorp.com", "admin_user"),
            new OnboardingUser("Jim Beam", "jim.beam@techcorp.com", "generic_user"),
        ],
        RegistrationDataJson = DataJson,
        RegistrationEventId = "evt-customer-20251004120000",
        RegistrationEventSource = "knapscen.disco",
        RegistrationEventTime = new DateTimeOffset(2025, 10, 4, 12, 0, 0, TimeSpan.Zero),
        TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    };
}
