namespace Knapscen.Sagas.Adapters.Nats.Topology;

/// <summary>Subject names, before <see cref="NatsOptions.SubjectPrefix"/> is applied.</summary>
public static class KnapscenSubjects
{
    public const string CustomerRegistered = "customer-registered";

    /// <summary>The subjects of the original choreography: the orchestrator's input and the original steps' results.</summary>
    public static readonly IReadOnlyList<string> Choreography =
    [
        CustomerRegistered,
        "customer-saved",
        "user-saved",
        "welcome-email-sent",
        "marketing-notified",
        "swag-ordered",
        "touchpoints-created",
    ];

    /// <summary>The orchestrator's own intake: step results and, later, operator commands.</summary>
    public const string OwnIntakeWildcard = "knapscen.intake.>";

    public const string StepResults = "knapscen.intake.step-results";

    /// <summary>Every launch's own result subject (StepResultSubjects): what step containers may publish to, and nothing else.</summary>
    public const string LaunchResultsWildcard = "knapscen.results.>";

    /// <summary>The choreography subject each original result event type is announced on, for its listeners.</summary>
    public static readonly IReadOnlyDictionary<string, string> ChoreographyOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["disco.knapscen.customer.saved"] = "customer-saved",
        ["disco.knapscen.user.saved"] = "user-saved",
        ["disco.knapscen.email.welcome.sent"] = "welcome-email-sent",
        ["disco.knapscen.marketing.notified"] = "marketing-notified",
        ["disco.knapscen.swag.ordered"] = "swag-ordered",
        ["disco.knapscen.touchpoints.created"] = "touchpoints-created",
    };

    public const string DeadLetter = "knapscen.deadletter";

    /// <summary>How onboardings end, for whoever listens (CRM, dashboards); kept in a stream of their own.</summary>
    public const string CustomerOnboarded = "customer-onboarded";

    public const string CustomerOnboardingFailed = "customer-onboarding-failed";
}
