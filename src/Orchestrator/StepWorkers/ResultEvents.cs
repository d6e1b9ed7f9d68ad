using System.Text.Json.Nodes;
using CloudNative.CloudEvents;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// The result events in the shapes of the original choreography (source knapscen.disco, subject = customer id).
/// The id is derived from what the step did, never random, so a rerun republishes the same event and a stream that
/// captures the subject drops the copy.
/// </summary>
internal static class ResultEvents
{
    public const string Source = "knapscen.disco";

    public static CloudEvent Create(StepEnvironment environment, string type, string id, string customerId, JsonObject data)
    {
        var cloudEvent = new CloudEvent
        {
            Id = id,
            Type = type,
            Source = new Uri(Source, UriKind.Relative),
            Subject = customerId,
            Time = environment.Clock.GetUtcNow(),
            DataContentType = "application/json",
            Data = data,
        };

        // The launch's context (TRACEPARENT), so the event joins its onboarding's trace instead of starting its own.
        if (environment.Optional("TRACEPARENT") is { } traceParent)
        {
            cloudEvent.SetAttributeFromString("traceparent", traceParent);
        }

        return cloudEvent;
    }

    /// <summary>An id part for a user: e-mail addresses compare case-insensitively in the users table, so the id does too.</summary>
    public static string UserKey(string email) => email.ToLowerInvariant();
}
