using System.Text.Json;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>Turns a validated CloudEvent into the saga's message contract; null for events the saga does not act on.</summary>
internal static class CloudEventMapper
{
    public static object? ToMessage(ValidatedCloudEvent validated, string? traceParent)
    {
        var cloudEvent = validated.Event;
        var data = validated.Data;
        return cloudEvent.Type switch
        {
            KnapscenEventTypes.CustomerRegistered => new CustomerRegistered
            {
                CustomerId = validated.Subject,
                CustomerName = data.GetProperty("name").GetString()!,
                SubscriptionTier = data.GetProperty("subscription_tier").GetString()!,
                Users = [.. data.GetProperty("users").EnumerateArray().Select(ToUser)],
                DataJson = data.GetRawText(),
                EventId = cloudEvent.Id!,
                EventSource = cloudEvent.Source!.ToString(),
                EventTime = cloudEvent.Time,
                TraceParent = traceParent,
            },
            KnapscenEventTypes.StepSucceeded => new StepSucceeded
            {
                SagaId = validated.Subject,
                Step = data.GetProperty("step").GetString()!,
                UserIndex = OptionalInt(data, "user_index"),
                Attempt = data.GetProperty("attempt").GetInt32(),
                LaunchId = data.GetProperty("launch_id").GetString()!,
            },
            KnapscenEventTypes.StepFailed => new StepFailed
            {
                SagaId = validated.Subject,
                Step = data.GetProperty("step").GetString()!,
                UserIndex = OptionalInt(data, "user_index"),
                Attempt = data.GetProperty("attempt").GetInt32(),
                LaunchId = data.GetProperty("launch_id").GetString()!,
                Reason = data.GetProperty("error").GetString()!,
            },
            // Result events of the original step containers: Job status is authoritative, these are informational.
            _ => null,
        };
    }

    private static OnboardingUser ToUser(JsonElement user) =>
        new(user.GetProperty("name").GetString()!, user.GetProperty("email").GetString()!, user.GetProperty("role").GetString()!);

    private static int? OptionalInt(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
