namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>
/// A message that cannot be accepted as a Knapscen CloudEvent. <see cref="Reason"/> is one sentence naming the
/// attribute, header or data path at fault, because it ends up in dead-letter records that an operator reads
/// without the original message at hand.
/// </summary>
internal sealed class InvalidCloudEventException : Exception
{
    public InvalidCloudEventException(string reason)
        : base(reason)
    {
        Reason = reason;
    }

    public InvalidCloudEventException(string reason, Exception innerException)
        : base(reason, innerException)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
