using System.Text.Json.Nodes;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

/// <summary>The original producers' sample events, as bare structured-mode bodies.</summary>
internal static class SampleEvents
{
    public const string CustomerRegistered = "customer-registered.json";

    public const string SagaSubject = "550e8400-e29b-41d4-a716-446655440000";

    public static TheoryData<string, string> All { get; } = new()
    {
        { CustomerRegistered, "disco.knapscen.customer.registered" },
        { "customer-saved.json", "disco.knapscen.customer.saved" },
        { "user-saved.json", "disco.knapscen.user.saved" },
        { "welcome-email-sent.json", "disco.knapscen.email.welcome.sent" },
        { "marketing-notified.json", "disco.knapscen.marketing.notified" },
        { "swag-ordered.json", "disco.knapscen.swag.ordered" },
        { "touchpoints-created.json", "disco.knapscen.touchpoints.created" },
    };

    public static byte[] Load(string fileName) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Adapters", "Nats", "Samples", fileName));

    /// <summary>A sample with one change applied, for inputs that differ from a valid event in exactly one way.</summary>
    public static byte[] Mutate(string fileName, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(Load(fileName))!.AsObject();
        change(json);
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    public static JsonObject Data(JsonObject cloudEvent) => cloudEvent["data"]!.AsObject();
}
