using System.Text.Json;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>
/// What the intake does with one CloudEvent type: how its data is checked, and the saga message it becomes (null:
/// informational, acknowledged without reaching the saga).
/// </summary>
internal sealed record IntakeEventType(string Type, Action<JsonElement, IntakeOptions> CheckData, Func<ValidatedCloudEvent, string?, object?> ToMessage);

/// <summary>
/// The one table of intake event types: validation, mapping and dispatch all read it, so a new type is one row.
/// </summary>
internal static class IntakeEventTypes
{
    private static readonly IntakeEventType[] Rows =
    [
        new(KnapscenEventTypes.CustomerRegistered, CustomerRegisteredDataRules.Check, ToCustomerRegistered),
        new(KnapscenEventTypes.StepSucceeded, (data, _) => StepResultData.Read(data, failed: false), (validated, _) => StepResultData.Read(validated.Data, failed: false).ToSucceeded(validated.Subject)),
        new(KnapscenEventTypes.StepFailed, (data, _) => StepResultData.Read(data, failed: true), (validated, _) => StepResultData.Read(validated.Data, failed: true).ToFailed(validated.Subject)),

        // Result events of the original step containers: any object (their shapes differ between images), and Job
        // status is what drives the saga, so they are informational.
        .. KnapscenEventTypes.StepContainerResults.Select(type => new IntakeEventType(type, (_, _) => { }, (_, _) => null)),
    ];

    private static readonly Dictionary<string, IntakeEventType> ByType = Rows.ToDictionary(entry => entry.Type, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Known => ByType.Keys;

    public static IntakeEventType? Find(string type) => ByType.GetValueOrDefault(type);

    private static CustomerRegistered ToCustomerRegistered(ValidatedCloudEvent validated, string? traceParent)
    {
        var cloudEvent = validated.Event;
        var data = validated.Data;
        return new CustomerRegistered
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
        };
    }

    private static OnboardingUser ToUser(JsonElement user) =>
        new(user.GetProperty("name").GetString()!, user.GetProperty("email").GetString()!, user.GetProperty("role").GetString()!);
}
