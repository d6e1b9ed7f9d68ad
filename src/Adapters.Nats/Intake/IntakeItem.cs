using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.StateMachines.Contracts;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>A received message and what decoding made of it: a valid event, or the reason it is invalid.</summary>
internal sealed record IntakeItem(INatsJSMsg<byte[]> Message, ValidatedCloudEvent? Event, string? InvalidReason)
{
    /// <summary>The dead-letter class of <see cref="InvalidReason"/> (the counter's label).</summary>
    public string InvalidKind { get; init; } = DeadLetterReasons.Invalid;

    /// <summary>A launch's own result event, from its result subject (then <see cref="Event"/> is null).</summary>
    public StepOutputReported? Output { get; init; }

    /// <summary>A step container's event on a choreography subject: acknowledged, never a result.</summary>
    public bool Informational { get; init; }

    /// <summary>Events of one saga go to one worker; invalid ones need no ordering.</summary>
    public Guid? PartitionKey => Event?.Subject ?? Output?.SagaId;
}
