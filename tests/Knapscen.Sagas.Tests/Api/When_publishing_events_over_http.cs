using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;

namespace Knapscen.Sagas.Tests.Api;

[Trait("Tier", "integration")]
public sealed class When_publishing_events_over_http(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Structured_and_binary_events_are_accepted_and_start_their_sagas()
    {
        using var client = app.Client(ApiApp.AdminToken);
        var structuredId = Guid.NewGuid();
        var binaryId = Guid.NewGuid();

        using var structured = await client.SendAsync(ApiEvents.Structured(structuredId, "Structured Corp"));
        var accepted = await ApiJson.OkAsync(structured, HttpStatusCode.Accepted);
        Assert.Equal(structuredId, accepted.GetProperty("sagaId").GetGuid());
        Assert.Equal($"evt-{structuredId:N}", accepted.GetProperty("id").GetString());

        using var binary = await client.SendAsync(ApiEvents.Binary(binaryId, "Binary Corp"));
        Assert.Equal(binaryId, (await ApiJson.OkAsync(binary, HttpStatusCode.Accepted)).GetProperty("sagaId").GetGuid());

        await ApiJson.WaitForStateAsync(client, structuredId, "Completed");
        await ApiJson.WaitForStateAsync(client, binaryId, "Completed");
    }

    [Fact]
    public async Task The_same_event_posted_twice_is_accepted_twice_with_the_same_saga()
    {
        using var client = app.Client(ApiApp.AdminToken);
        var sagaId = Guid.NewGuid();

        // A client retrying after a timeout: JetStream answers "duplicate" to the second publish, which is success.
        using var first = await client.SendAsync(ApiEvents.Structured(sagaId, "Retried Corp"));
        var firstAccepted = await ApiJson.OkAsync(first, HttpStatusCode.Accepted);
        using var second = await client.SendAsync(ApiEvents.Structured(sagaId, "Retried Corp"));
        var secondAccepted = await ApiJson.OkAsync(second, HttpStatusCode.Accepted);

        Assert.Equal(sagaId, firstAccepted.GetProperty("sagaId").GetGuid());
        Assert.Equal(sagaId, secondAccepted.GetProperty("sagaId").GetGuid());
        Assert.Equal(firstAccepted.GetProperty("id").GetString(), secondAccepted.GetProperty("id").GetString());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
    }

    [Fact]
    public async Task An_invalid_event_is_400_with_the_reason()
    {
        using var client = app.Client(ApiApp.AdminToken);

        using var badSubject = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = new StringContent(
                """{"specversion":"1.0","type":"disco.knapscen.customer.registered","source":"api-tests","subject":"customer-7","id":"e1","data":{}}""",
                Encoding.UTF8,
                "application/cloudevents+json"),
        };
        var problem = await ProblemAssert.IsProblemAsync(await client.SendAsync(badSubject), HttpStatusCode.BadRequest);
        Assert.Contains("subject", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var missingData = ApiEvents.Binary(Guid.NewGuid(), "No Users Corp");
        missingData.Content = new StringContent("""{"name":"No Users Corp"}""", Encoding.UTF8, "application/json");
        problem = await ProblemAssert.IsProblemAsync(await client.SendAsync(missingData), HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));

        using var wrongType = ApiEvents.Structured(Guid.NewGuid(), "Wrong Type Corp", type: "disco.knapscen.customer.saved");
        await ProblemAssert.NamesParameterAsync(await client.SendAsync(wrongType), "type");

        using var notAnEvent = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        problem = await ProblemAssert.IsProblemAsync(await client.SendAsync(notAnEvent), HttpStatusCode.BadRequest);
        Assert.Contains("application/cloudevents+json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_beyond_the_intake_bounds_is_400_with_the_reason_the_intake_dead_letters_it_with()
    {
        using var client = app.Client(ApiApp.AdminToken);
        foreach (var mutation in new[] { "users", "control-character", "role", "id" })
        {
            var body = OutOfBounds(mutation);
            var intakeReason = Assert.Throws<InvalidCloudEventException>(
                () => CloudEventValidator.Validate(new NatsCloudEventBinding().Decode(null, Encoding.UTF8.GetBytes(body), 262_144))).Reason;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/cloudevents+json"),
            };

            var problem = await ProblemAssert.IsProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
            Assert.Equal(intakeReason, problem.GetProperty("detail").GetString());
        }
    }

    private static string OutOfBounds(string mutation)
    {
        var cloudEvent = JsonNode.Parse(Intake.InvalidEvents.SampleJson(Guid.NewGuid()))!.AsObject();
        var users = cloudEvent["data"]!["users"]!.AsArray();
        switch (mutation)
        {
            case "users":
                cloudEvent["data"]!["users"] = Intake.InvalidEvents.Users(101);
                break;
            case "control-character":
                users[0]!["email"] = "john\u0000@techcorp.com";
                break;
            case "role":
                users[1]!["role"] = "root";
                break;
            default:
                cloudEvent["id"] = new string('x', 300);
                break;
        }

        return cloudEvent.ToJsonString();
    }
}
