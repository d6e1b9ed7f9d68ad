using System.Text.Json;
using CloudNative.CloudEvents;

using Knapscen.Sagas.Adapters.Nats.Intake;
using Knapscen.Sagas.StateMachines.Contracts;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>
/// The intake's acceptance rules on top of the CloudEvents spec: a known type, a UUID subject (the saga's
/// correlation key), an identity the inbox can store, a JSON object as data in the shape its type requires (within
/// the configured bounds), and a well-formed trace context.
/// </summary>
internal static class CloudEventValidator
{
    private static readonly IntakeOptions DefaultBounds = new();

    /// <param name="intake">The configured bounds; null: the defaults (tests and tools that have no configuration).</param>
    public static ValidatedCloudEvent Validate(CloudEvent cloudEvent, IntakeOptions? intake = null)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (cloudEvent.SpecVersion != CloudEventsSpecVersion.V1_0)
        {
            throw new InvalidCloudEventException(
                $"attribute 'specversion' is {ReasonText.Quote(cloudEvent.SpecVersion.VersionId)}; only '1.0' is supported");
        }

        var id = RequireText("id", cloudEvent.Id);
        RequireText("source", cloudEvent.Source?.OriginalString);
        // Measured as stored: the inbox keeps the id as it is and the source as its URI text (Uri.ToString()).
        RequireStorable("id", id, EventIdentityLimits.MaxIdLength);
        RequireStorable("source", cloudEvent.Source!.ToString(), EventIdentityLimits.MaxSourceLength);
        var type = RequireText("type", cloudEvent.Type);
        var subject = ParseSubject(cloudEvent.Subject);
        if (IntakeEventTypes.Find(type) is not { } intakeType)
        {
            throw new InvalidCloudEventException($"attribute 'type' is {ReasonText.Quote(type)}, which is not a known event type");
        }

        var traceParent = cloudEvent.GetTraceParent();
        if (traceParent is not null && !TraceParentFormat.IsValid(traceParent))
        {
            throw new InvalidCloudEventException(
                $"attribute 'traceparent' is {ReasonText.Quote(traceParent)}, which is not a valid W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>, ids not all zeros)");
        }

        var data = RequireObjectData(cloudEvent.Data);
        intakeType.CheckData(data, intake ?? DefaultBounds);
        return new ValidatedCloudEvent(cloudEvent, subject, data, traceParent, cloudEvent.GetTraceState());
    }

    private static string RequireText(string attribute, string? value) => string.IsNullOrEmpty(value)
        ? throw new InvalidCloudEventException($"attribute '{attribute}' is {(value is null ? "missing" : "empty")}")
        : value;

    private static void RequireStorable(string attribute, string value, int maxLength)
    {
        var length = value.EnumerateRunes().Count();
        if (length > maxLength)
        {
            throw new InvalidCloudEventException(
                $"attribute '{attribute}' is {length} characters; the inbox stores at most {maxLength}");
        }
    }

    private static Guid ParseSubject(string? subject)
    {
        if (subject is null)
        {
            throw new InvalidCloudEventException("attribute 'subject' is missing; it must be the saga's UUID");
        }

        // Only the canonical 8-4-4-4-12 form: other forms Guid.Parse accepts would make one saga look like several.
        return Guid.TryParseExact(subject, "D", out var id)
            ? id
            : throw new InvalidCloudEventException($"attribute 'subject' is {ReasonText.Quote(subject)}, which is not a UUID");
    }

    private static JsonElement RequireObjectData(object? data) => data switch
    {
        JsonElement { ValueKind: JsonValueKind.Object } element => element,
        JsonElement element => throw new InvalidCloudEventException(
            $"data is {ReasonText.Describe(element.ValueKind)}; it must be a JSON object"),
        null => throw new InvalidCloudEventException("data is missing; it must be a JSON object"),
        string => throw new InvalidCloudEventException("data is text; it must be a JSON object"),
        byte[] => throw new InvalidCloudEventException("data is binary; it must be a JSON object"),
        _ => throw new InvalidCloudEventException($"data is a {data.GetType().Name}; it must be a JSON object"),
    };
}
