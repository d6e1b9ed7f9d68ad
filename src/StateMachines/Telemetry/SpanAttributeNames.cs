namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>
/// Attribute names of our spans: the OpenTelemetry messaging conventions where they apply, <c>knapscen.*</c> for the
/// saga's own vocabulary, so a Jaeger search by saga id or step finds every span of it.
/// </summary>
public static class SpanAttributeNames
{
    public const string MessagingSystem = "messaging.system";
    public const string MessagingDestination = "messaging.destination.name";
    public const string MessagingMessageId = "messaging.message.id";
    public const string MessagingOperationType = "messaging.operation.type";
    public const string MessagingOperationName = "messaging.operation.name";

    public const string SagaId = "knapscen.saga.id";
    public const string SagaEvent = "knapscen.saga.event";
    public const string StateFrom = "knapscen.saga.state.from";
    public const string StateTo = "knapscen.saga.state.to";

    public const string Step = "knapscen.step.name";
    public const string UserIndex = "knapscen.step.user_index";
    public const string Attempt = "knapscen.step.attempt";
    public const string LaunchId = "knapscen.step.launch_id";
    public const string Launcher = "knapscen.step.launcher";
    public const string LaunchOutcome = "knapscen.step.launch_outcome";
    public const string StepOutcome = "knapscen.step.outcome";
    public const string StepDurationMs = "knapscen.step.duration_ms";
}
