using System.Text;
using System.Text.Json.Nodes;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.StateMachines.Telemetry;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MySqlConnector;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>
/// Registrations the orchestrator must not take on: each is refused on its first delivery with its reason, nothing is
/// retried, and the intake goes on with the next event.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_registrations_exceed_the_intake_bounds
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_dead_letter_each_on_its_first_delivery_with_its_reason_and_still_onboard_the_next_customer()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        using var deadLettered = new MetricCollector<long>(orchestrator.Services.GetRequiredService<OnboardingMetrics>().Meter, "knapscen.events.dead_lettered");
        (string Name, byte[] Body, string Reason)[] cases =
        [
            ("101-users", Registration(data => data["users"] = InvalidEvents.Users(101)), "data.users has 101 users; the limit is 100 per registration (Intake:MaxUsers)"),
            ("control-character", Registration(data => User(data, 1)["name"] = "Jane\u0007Doe"), "data.users[1].name contains a control character (U+0007) at character 5"),
            ("unknown-role", Registration(data => User(data, 2)["role"] = "superuser"), "data.users[2].role is 'superuser'; it must be one of customer_account_owner, admin_user, generic_user (Intake:Roles)"),
            ("300-character-id", Registration(_ => { }, id: new string('i', 300)), "attribute 'id' is 300 characters; the inbox stores at most 255"),
        ];
        foreach (var (name, body, _) in cases)
        {
            await orchestrator.PublishRawAsync("customer-registered", body, new NatsHeaders { ["test-case"] = name });
        }

        var valid = Guid.NewGuid();
        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(valid)));

        var deadLetters = await orchestrator.ReadDeadLettersAsync(cases.Length, Timeout);
        foreach (var (name, _, reason) in cases)
        {
            var deadLetter = Assert.Single(deadLetters, message => message.Headers!["test-case"].ToString() == name);
            Assert.Equal(reason, deadLetter.Headers![DeadLetterPublisher.ReasonHeader].ToString());
            // Refused on sight: a retried event would say "processing failed N times" and carry N deliveries.
            Assert.Equal("1", deadLetter.Headers![DeadLetterPublisher.DeliveriesHeader].ToString());
            Assert.Equal(orchestrator.SubjectPrefix + "customer-registered", deadLetter.Headers![DeadLetterPublisher.OriginalSubjectHeader].ToString());
        }

        Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(valid, Timeout)).State);
        Assert.Equal(cases.Length, deadLettered.GetMeasurementSnapshot().Where(m => (string?)m.Tags["reason"] == "invalid").Sum(m => m.Value));
        // No saga was made of the refused events.
        await using var connection = new MySqlConnection(orchestrator.ConnectionString);
        await connection.OpenAsync();
        await using var sagas = new MySqlCommand("SELECT COUNT(*) FROM onboarding_sagas", connection);
        Assert.Equal(1L, Convert.ToInt64(await sagas.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static byte[] Registration(Action<JsonObject> change, string? id = null)
    {
        var cloudEvent = JsonNode.Parse(InvalidEvents.SampleJson(Guid.NewGuid(), id))!.AsObject();
        change(cloudEvent["data"]!.AsObject());
        return Encoding.UTF8.GetBytes(cloudEvent.ToJsonString());
    }

    private static JsonObject User(JsonObject data, int index) => data["users"]!.AsArray()[index]!.AsObject();
}
