using System.Text;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>Ways a producer gets a customer-registered event wrong, each with a word its dead-letter reason must name.</summary>
internal static class InvalidEvents
{
    public static string SampleJson(Guid subject, string? id = null) => $$"""
        {
          "specversion": "1.0",
          "type": "disco.knapscen.customer.registered",
          "source": "knapscen.disco",
          "subject": "{{subject}}",
          "id": "{{id ?? "evt-" + subject.ToString("N")}}",
          "time": "2025-10-04T12:00:00.123456+00:00",
          "datacontenttype": "application/json",
          "data": {
            "name": "TechCorp Solutions",
            "subscription_tier": "far-out",
            "users": [
              { "name": "John Smith", "email": "john.smith@techcorp.com", "role": "customer_account_owner" },
              { "name": "Jane Doe", "email": "jane.doe@techcorp.com", "role": "admin_user" },
              { "name": "Jim Beam", "email": "jim.beam@techcorp.com", "role": "generic_user" }
            ]
          }
        }
        """;

    /// <summary><paramref name="count"/> distinct users, the first of them the account owner.</summary>
    public static System.Text.Json.Nodes.JsonArray Users(int count) =>
        [.. Enumerable.Range(0, count).Select(index => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = $"User {index}",
            ["email"] = $"user{index}@techcorp.com",
            ["role"] = index == 0 ? "customer_account_owner" : "generic_user",
        })];

    public static IReadOnlyList<InvalidEvent> All()
    {
        var subject = Guid.NewGuid();
        var sample = SampleJson(subject);
        return
        [
            new("not-json", Bytes("this is not json {"), "JSON"),
            new("missing-id", Bytes(sample.Replace($"\"id\": \"evt-{subject:N}\",", "", StringComparison.Ordinal)), "id"),
            new("wrong-specversion", Bytes(sample.Replace("\"1.0\"", "\"0.3\"", StringComparison.Ordinal)), "specversion"),
            new("unknown-type", Bytes(sample.Replace("disco.knapscen.customer.registered", "disco.knapscen.customer.exploded", StringComparison.Ordinal)), "type"),
            new("subject-not-uuid", Bytes(sample.Replace(subject.ToString(), "customer-42", StringComparison.Ordinal)), "subject"),
            new("missing-subject", Bytes(sample.Replace($"\"subject\": \"{subject}\",", "", StringComparison.Ordinal)), "subject"),
            new("users-not-array", Bytes(ReplaceUsers(sample, "\"users\": \"everyone\"")), "users"),
            new("user-without-email", Bytes(sample.Replace("\"email\": \"jane.doe@techcorp.com\", ", "", StringComparison.Ordinal)), "email"),
            new("unknown-tier", Bytes(sample.Replace("far-out", "platinum", StringComparison.Ordinal)), "subscription_tier"),
            new("oversized", Bytes(sample.Replace("TechCorp Solutions", new string('x', 300_000), StringComparison.Ordinal)), "bytes"),
            new("binary-bad-percent-encoding", Bytes("{}"), "ce-id", BinaryHeaders(subject, id: "evt%zz")),
            new("data-not-object", Bytes(ReplaceData(sample, "\"data\": [1, 2, 3]")), "data"),
        ];
    }

    private static NatsHeaders BinaryHeaders(Guid subject, string id) => new()
    {
        ["ce-specversion"] = "1.0",
        ["ce-type"] = "disco.knapscen.customer.registered",
        ["ce-source"] = "knapscen.disco",
        ["ce-subject"] = subject.ToString(),
        ["ce-id"] = id,
        ["Content-Type"] = "application/json",
    };

    private static string ReplaceUsers(string sample, string replacement)
    {
        var start = sample.IndexOf("\"users\"", StringComparison.Ordinal);
        var end = sample.IndexOf(']', start) + 1;
        return sample[..start] + replacement + sample[end..];
    }

    private static string ReplaceData(string sample, string replacement)
    {
        var start = sample.IndexOf("\"data\"", StringComparison.Ordinal);
        var end = sample.LastIndexOf('}');
        return sample[..start] + replacement + "\n" + sample[end..];
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}

internal sealed record InvalidEvent(string Name, byte[] Body, string ExpectedInReason, NatsHeaders? Headers = null);
