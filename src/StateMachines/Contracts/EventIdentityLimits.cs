namespace Knapscen.Sagas.StateMachines.Contracts;

/// <summary>
/// How long an event's identity (CloudEvent <c>source</c> and <c>id</c>) may be: what the inbox
/// (<c>processed_events</c>) and the saga row (<c>registration_event_*</c>) store. The intake refuses longer ones on
/// their first delivery, so they are never retried against a column that cannot hold them; a test checks the migrated
/// columns against these numbers.
/// </summary>
public static class EventIdentityLimits
{
    /// <summary>Characters (code points), as <c>VARCHAR(255)</c> counts them.</summary>
    public const int MaxIdLength = 255;

    /// <summary>Characters of the source as stored (its URI text).</summary>
    public const int MaxSourceLength = 255;
}
