using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Microsoft.Extensions.Primitives;

namespace Knapscen.Sagas.Adapters.Nats;

/// <summary>
/// The intake's decode core for other transports (the HTTP API): the same percent-decoding, one value per attribute
/// header, and structured-mode rules as a message on NATS, so the API refuses exactly what the intake refuses.
/// </summary>
public static class CloudEventDecoding
{
    private static readonly NatsCloudEventBinding Binding = new();

    /// <param name="headers">Header name to values; an HTTP request's headers qualify as they are.</param>
    /// <exception cref="InvalidEventException">The message says which header or attribute is at fault.</exception>
    public static CloudEvent DecodeBinary(IDictionary<string, StringValues> headers, ReadOnlyMemory<byte> body) =>
        Refusing(() => Binding.DecodeBinary(headers, body));

    /// <exception cref="InvalidEventException">The message says what is wrong with the body.</exception>
    public static CloudEvent DecodeStructured(ReadOnlyMemory<byte> body) => Refusing(() => Binding.DecodeStructured(body));

    private static CloudEvent Refusing(Func<CloudEvent> decode)
    {
        try
        {
            return decode();
        }
        catch (InvalidCloudEventException e)
        {
            throw new InvalidEventException(e.Reason, e);
        }
    }
}
