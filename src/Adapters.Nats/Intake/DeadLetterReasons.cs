namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>The <c>reason</c> label of the dead-letter counter: a class, not the text, so the series stay few.</summary>
internal static class DeadLetterReasons
{
    /// <summary>Not a valid CloudEvent of a known type (decode or validation failed).</summary>
    public const string Invalid = "invalid";

    /// <summary>Valid, but processing failed <c>Nats:MaxDeliveries</c> times (for instance a result for an unknown saga).</summary>
    public const string MaxDeliveries = "max_deliveries";

    /// <summary>A step result not bound to its launch: on the wrong subject, or with a launch token that does not match.</summary>
    public const string UnboundResult = "unbound_result";
}
