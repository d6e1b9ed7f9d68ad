using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>One onboarding: one row in <c>onboarding_sagas</c>, readable by a person.</summary>
public class CustomerOnboardingState : SagaStateMachineInstance, ISagaVersion
{
    /// <summary>The customer UUID: the CloudEvent subject of customer-registered.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>Concurrency token, incremented on every saved transition.</summary>
    public int Version { get; set; }

    public string CurrentState { get; set; } = "";

    public string CustomerName { get; set; } = "";

    public string SubscriptionTier { get; set; } = "";

    /// <summary>The users to register, as they arrived.</summary>
    public List<OnboardingUser> Users { get; set; } = [];

    /// <summary>The customer-registered event's <c>data</c>, kept verbatim because steps receive it whole (COMPANY_DATA).</summary>
    public string RegistrationDataJson { get; set; } = "{}";

    public string RegistrationEventId { get; set; } = "";

    public string RegistrationEventSource { get; set; } = "";

    public DateTimeOffset? RegistrationEventTime { get; set; }

    /// <summary>W3C traceparent the onboarding continues, so a saga spanning hours stays one trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>Every step instance with its attempt counter, deadline, status and last error.</summary>
    public List<StepRun> Steps { get; set; } = [];

    /// <summary>Attempts started or finished by the current transition, written to the step history in the same transaction.</summary>
    public List<StepAttemptRecord> PendingHistory { get; } = [];

    public string? LastError { get; set; }

    /// <summary>Why the onboarding is being (or was) compensated; null while it goes forward.</summary>
    public string? FailureReason { get; set; }

    /// <summary>The earliest time something must happen without an event: a step's timeout or a retry coming due.</summary>
    public DateTimeOffset? NextDeadline { get; set; }

    /// <summary>Late and duplicate events that changed nothing, counted so an operator sees them.</summary>
    public int IgnoredEvents { get; set; }

    /// <summary>What operators did to this saga and what the saga noted on its own (newest last).</summary>
    public List<SagaNote> Notes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
