using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Knapscen.Sagas.Bench;

/// <summary>customer-registered events shaped like the original sample: three users, one onboarding each.</summary>
internal static class RegistrationEvents
{
    private static readonly JsonEventFormatter Formatter = new();

    public static (Guid SagaId, string EventId, byte[] Body) Create(string runTag, int index)
    {
        var sagaId = Guid.NewGuid();
        var eventId = $"evt-bench-{sagaId:N}";
        var users = new JsonArray
        {
            User("Account Owner", $"owner.{sagaId:N}@bench.example", "customer_account_owner"),
            User("Admin User", $"admin.{sagaId:N}@bench.example", "admin_user"),
            User("Generic User", $"user.{sagaId:N}@bench.example", "generic_user"),
        };
        var cloudEvent = new CloudEvent
        {
            Id = eventId,
            Type = "disco.knapscen.customer.registered",
            Source = new Uri("knapscen.bench", UriKind.Relative),
            Subject = sagaId.ToString(),
            Time = DateTimeOffset.UtcNow,
            DataContentType = "application/json",
            Data = new JsonObject
            {
                ["name"] = $"Bench {runTag} {index}",
                ["subscription_tier"] = "far-out",
                ["users"] = users,
            },
        };
        var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out _);
        return (sagaId, eventId, body.ToArray());
    }

    private static JsonObject User(string name, string email, string role) =>
        new() { ["name"] = name, ["email"] = email, ["role"] = role };
}
