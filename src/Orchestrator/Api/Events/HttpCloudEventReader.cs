using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.AspNetCore.Http;

namespace Knapscen.Sagas.Orchestrator.Api.Events;

/// <summary>
/// The CloudEvents HTTP protocol binding, for the two modes the API accepts: structured
/// (<c>Content-Type: application/cloudevents+json</c>, the whole event as the body) and binary (attributes in
/// percent-encoded <c>ce-*</c> headers, <c>Content-Type</c> as datacontenttype, the body as the data). The SDK's
/// ASP.NET Core binding is not available here, and this is all of it that the API needs.
/// </summary>
internal static class HttpCloudEventReader
{
    private const string AttributePrefix = "ce-";
    private const string StructuredPrefix = "application/cloudevents";
    private const string StructuredJson = "application/cloudevents+json";

    private static readonly JsonEventFormatter Formatter = new();

    /// <exception cref="InvalidHttpCloudEventException">Not a readable CloudEvent; the message says why.</exception>
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
            return new HttpCloudEvent(ReadBinary(request, body), BinaryMode: true);
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

        try
        {
            return Formatter.DecodeStructuredModeMessage(body, new ContentType(contentType), extensionAttributes: null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or JsonException)
        {
            throw new InvalidHttpCloudEventException($"body is not a structured CloudEvent: {e.Message}", e);
        }
    }

    private static CloudEvent ReadBinary(HttpRequest request, byte[] body)
    {
        var specVersionHeader = request.Headers[AttributePrefix + "specversion"].ToString();
        if (CloudEventsSpecVersion.FromVersionId(specVersionHeader) != CloudEventsSpecVersion.V1_0)
        {
            throw new InvalidHttpCloudEventException($"header 'ce-specversion' is '{specVersionHeader}'; only '1.0' is supported");
        }

        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0);
        foreach (var (header, values) in request.Headers)
        {
            if (!header.StartsWith(AttributePrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Header names are case-insensitive in HTTP; CloudEvents attribute names are lower case.
            var name = header[AttributePrefix.Length..].ToLowerInvariant();
            if (name is "specversion" or "datacontenttype")
            {
                continue;
            }

            SetAttribute(cloudEvent, header, name, Uri.UnescapeDataString(values.ToString()));
        }

        if (request.ContentType is { Length: > 0 } dataContentType)
        {
            SetAttribute(cloudEvent, "Content-Type", "datacontenttype", dataContentType);
        }

        if (body.Length > 0)
        {
            try
            {
                Formatter.DecodeBinaryModeEventData(body, cloudEvent);
            }
            catch (Exception e) when (e is ArgumentException or JsonException)
            {
                throw new InvalidHttpCloudEventException($"body cannot be read as the data its 'Content-Type' names: {e.Message}", e);
            }
        }

        return cloudEvent;
    }

    private static void SetAttribute(CloudEvent cloudEvent, string header, string name, string value)
    {
        try
        {
            cloudEvent.SetAttributeFromString(name, value);
        }
        catch (ArgumentException e)
        {
            throw new InvalidHttpCloudEventException($"header '{header}' is not a valid value for attribute '{name}': {e.Message}", e);
        }
    }
}
