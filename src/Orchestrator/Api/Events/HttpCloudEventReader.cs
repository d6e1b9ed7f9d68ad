using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats;
using Microsoft.AspNetCore.Http;

namespace Knapscen.Sagas.Orchestrator.Api.Events;

/// <summary>
/// The CloudEvents HTTP protocol binding, for the two modes the API accepts: structured
/// (<c>Content-Type: application/cloudevents+json</c>, the whole event as the body) and binary (attributes in
/// percent-encoded <c>ce-*</c> headers, <c>Content-Type</c> as datacontenttype, the body as the data). Which mode and
/// how big the body may be is HTTP's; decoding is the intake's own (<see cref="CloudEventDecoding"/>), so a malformed
/// escape or a repeated <c>ce-id</c> is refused here exactly as on NATS.
/// </summary>
internal static class HttpCloudEventReader
{
    private const string AttributePrefix = "ce-";
    private const string StructuredPrefix = "application/cloudevents";
    private const string StructuredJson = "application/cloudevents+json";

    /// <exception cref="InvalidHttpCloudEventException">Not a CloudEvent request (mode, size); the message says why.</exception>
    /// <exception cref="InvalidEventException">A CloudEvent request whose event cannot be decoded; the message says why.</exception>
    public static async Task<HttpCloudEvent> ReadAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        var contentType = request.ContentType;
        if (contentType is not null && contentType.StartsWith(StructuredPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new HttpCloudEvent(ReadStructured(contentType, body), BinaryMode: false);
        }

        if (request.Headers.ContainsKey(AttributePrefix + "specversion"))
        {
            return new HttpCloudEvent(CloudEventDecoding.DecodeBinary(request.Headers, body), BinaryMode: true);
        }

        throw new InvalidHttpCloudEventException(
            $"the request is not a CloudEvent: send it structured (Content-Type: {StructuredJson}) or binary (ce-specversion, ce-id, ce-source, ce-type, ce-subject headers)");
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            throw new InvalidHttpCloudEventException($"body is {request.ContentLength} bytes; the limit is {maxBodyBytes}");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBodyBytes)
            {
                throw new InvalidHttpCloudEventException($"body is larger than the limit of {maxBodyBytes} bytes");
            }
        }

        return buffer.ToArray();
    }

    private static CloudEvent ReadStructured(string contentType, byte[] body)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        if (!mediaType.Equals(StructuredJson, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidHttpCloudEventException(
                $"header 'Content-Type' is '{mediaType}'; only '{StructuredJson}' is supported for structured mode (no batches)");
        }

        return CloudEventDecoding.DecodeStructured(body);
    }
}
