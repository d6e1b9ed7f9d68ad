namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>
/// Headers the intake sets on every message it hands to the saga. The saga repository records
/// (source, id) in the processed-events inbox inside the saga transaction, so a redelivered event has one effect.
/// </summary>
public static class IntakeHeaders
{
    public const string EventSource = "knapscen-event-source";
    public const string EventId = "knapscen-event-id";
    public const string EventType = "knapscen-event-type";
}
