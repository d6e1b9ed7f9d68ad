namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>The CloudEvent type names the orchestrator uses; which of them the intake accepts is IntakeEventTypes.</summary>
internal static class KnapscenEventTypes
{
    public const string CustomerRegistered = "disco.knapscen.customer.registered";

    public const string CustomerSaved = "disco.knapscen.customer.saved";

    public const string UserSaved = "disco.knapscen.user.saved";

    public const string WelcomeEmailSent = "disco.knapscen.email.welcome.sent";

    public const string MarketingNotified = "disco.knapscen.marketing.notified";

    public const string SwagOrdered = "disco.knapscen.swag.ordered";

    public const string TouchpointsCreated = "disco.knapscen.touchpoints.created";

    public const string StepSucceeded = "io.knapscen.sagas.step.succeeded";

    public const string StepFailed = "io.knapscen.sagas.step.failed";

    /// <summary>Published by the orchestrator when an onboarding completed; never consumed by the intake.</summary>
    public const string CustomerOnboarded = "disco.knapscen.customer.onboarded";

    /// <summary>Published by the orchestrator when an onboarding was compensated; never consumed by the intake.</summary>
    public const string CustomerOnboardingFailed = "disco.knapscen.customer.onboarding.failed";

    /// <summary>Result events of the original step containers (what the intake does with them: IntakeEventTypes).</summary>
    public static IReadOnlyList<string> StepContainerResults { get; } =
        [CustomerSaved, UserSaved, WelcomeEmailSent, MarketingNotified, SwagOrdered, TouchpointsCreated];
}
