namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>The CloudEvent types the orchestrator accepts; anything else is rejected at intake.</summary>
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

    /// <summary>
    /// Result events of the original step containers. Their shapes vary between images and Kubernetes Job status is
    /// the authoritative completion signal, so they are informational only.
    /// </summary>
    public static IReadOnlyList<string> StepContainerResults { get; } =
        [CustomerSaved, UserSaved, WelcomeEmailSent, MarketingNotified, SwagOrdered, TouchpointsCreated];

    public static IReadOnlyList<string> Known { get; } =
        [CustomerRegistered, .. StepContainerResults, StepSucceeded, StepFailed];

    public static bool IsKnown(string type) => Known.Contains(type, StringComparer.Ordinal);
}
