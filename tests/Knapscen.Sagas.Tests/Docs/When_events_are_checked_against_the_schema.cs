using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>
/// docs/schemas/customer-registered.schema.json, the publishers' contract, says what the intake says: every sample is
/// accepted or refused by both, as expected.
/// </summary>
[Trait("Tier", "specs")]
public sealed class When_events_are_checked_against_the_schema
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(
        File.ReadAllText(Path.Combine(Stack.RepositoryRoot, "docs", "schemas", "customer-registered.schema.json")));

    public static TheoryData<string, bool> Samples() => new()
    {
        { "the sample as shipped", true },
        { "no time, extra data fields and an extension attribute", true },
        { "a traceparent", true },
        { "an upper-case UUID subject", true },
        { "a 64-character name", true },
        { "specversion 0.3", false },
        { "no id", false },
        { "an empty source", false },
        { "an unknown type", false },
        { "a subject that is no UUID", false },
        { "a UUID subject without dashes", false },
        { "no subject", false },
        { "a traceparent of zeros", false },
        { "an upper-case traceparent", false },
        { "no data", false },
        { "data that is an array", false },
        { "a 65-character name", false },
        { "a blank name", false },
        { "tier platinum", false },
        { "no users", false },
        { "a user that is a string", false },
        { "an e-mail without @", false },
        { "a null role", false },
        { "a numeric user name", false },
        { "100 users and a 255-character id", true },
        { "101 users", false },
        { "a role not configured", false },
        { "a tab in a user's name", false },
        { "a 256-character id", false },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_schema_and_the_intake_agree(string sample, bool valid)
    {
        var body = Build(sample).ToJsonString();

        var bySchema = Schema.Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var refusal = IntakeRefusal(body);

        Assert.True(valid == bySchema.IsValid, $"{sample}: the schema says {(bySchema.IsValid ? "valid" : "invalid")}, expected {(valid ? "valid" : "invalid")}");
        Assert.True(valid == refusal is null, $"{sample}: the intake says {refusal ?? "valid"}, expected {(valid ? "valid" : "invalid")}");
    }

    private static string? IntakeRefusal(string body)
    {
        try
        {
            EventValidation.Validate(CloudEventDecoding.DecodeStructured(Encoding.UTF8.GetBytes(body)));
            return null;
        }
        catch (InvalidEventException e)
        {
            return e.Message;
        }
    }

    private static JsonObject Build(string sample)
    {
        var cloudEvent = JsonNode.Parse(File.ReadAllText(Path.Combine(Stack.RepositoryRoot, "src", "Orchestrator", "Samples", "customer-registered.json")))!.AsObject();
        var data = cloudEvent["data"]!.AsObject();
        var firstUser = data["users"]![0]!.AsObject();
        switch (sample)
        {
            case "no time, extra data fields and an extension attribute":
                cloudEvent.Remove("time");
                data["crm_reference"] = "A-17";
                firstUser["phone"] = "+1 555 0100";
                cloudEvent["partitionkey"] = "eu";
                break;
            case "a traceparent":
                cloudEvent["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
                break;
            case "an upper-case UUID subject":
                cloudEvent["subject"] = "550E8400-E29B-41D4-A716-446655440000";
                break;
            case "a 64-character name":
                data["name"] = new string('x', 64);
                break;
            case "specversion 0.3":
                cloudEvent["specversion"] = "0.3";
                break;
            case "no id":
                cloudEvent.Remove("id");
                break;
            case "an empty source":
                cloudEvent["source"] = "";
                break;
            case "an unknown type":
                cloudEvent["type"] = "disco.knapscen.customer.deleted";
                break;
            case "a subject that is no UUID":
                cloudEvent["subject"] = "customer-42";
                break;
            case "a UUID subject without dashes":
                cloudEvent["subject"] = "550e8400e29b41d4a716446655440000";
                break;
            case "no subject":
                cloudEvent.Remove("subject");
                break;
            case "a traceparent of zeros":
                cloudEvent["traceparent"] = "00-00000000000000000000000000000000-00f067aa0ba902b7-01";
                break;
            case "an upper-case traceparent":
                cloudEvent["traceparent"] = "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01";
                break;
            case "no data":
                cloudEvent.Remove("data");
                break;
            case "data that is an array":
                cloudEvent["data"] = new JsonArray(1, 2);
                break;
            case "a 65-character name":
                data["name"] = new string('x', 65);
                break;
            case "a blank name":
                data["name"] = "   ";
                break;
            case "tier platinum":
                data["subscription_tier"] = "platinum";
                break;
            case "no users":
                data["users"] = new JsonArray();
                break;
            case "100 users and a 255-character id":
                data["users"] = Intake.InvalidEvents.Users(100);
                cloudEvent["id"] = new string('i', 255);
                break;
            case "101 users":
                data["users"] = Intake.InvalidEvents.Users(101);
                break;
            case "a role not configured":
                firstUser["role"] = "superuser";
                break;
            case "a tab in a user's name":
                firstUser["name"] = "John\tSmith";
                break;
            case "a 256-character id":
                cloudEvent["id"] = new string('i', 256);
                break;
            case "a user that is a string":
                data["users"]![1] = "Jane Doe";
                break;
            case "an e-mail without @":
                firstUser["email"] = "john.smith.techcorp.com";
                break;
            case "a null role":
                firstUser["role"] = null;
                break;
            case "a numeric user name":
                firstUser["name"] = 42;
                break;
        }

        return cloudEvent;
    }
}
