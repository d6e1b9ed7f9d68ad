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

    public static CloudEvent Create(StepEnvironment environment, string type, string id, string customerId, JsonObject data) => new()
    {
        Id = id,
        Type = type,
        Source = new Uri(Source, UriKind.Relative),
        Subject = customerId,
        Time = environment.Clock.GetUtcNow(),
        DataContentType = "application/json",
        Data = data,
    };

    /// <summary>An id part for a user: e-mail addresses compare case-insensitively in the users table, so the id does too.</summary>
    public static string UserKey(string email) => email.ToLowerInvariant();
}
