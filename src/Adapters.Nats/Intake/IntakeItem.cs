using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>A received message and what decoding made of it: a valid event, or the reason it is invalid.</summary>
internal sealed record IntakeItem(INatsJSMsg<byte[]> Message, ValidatedCloudEvent? Event, string? InvalidReason)
{
    /// <summary>Events of one saga go to one worker; invalid ones need no ordering.</summary>
    public Guid? PartitionKey => Event?.Subject;
}
