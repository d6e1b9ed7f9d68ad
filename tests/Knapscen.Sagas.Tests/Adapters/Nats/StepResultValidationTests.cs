using System.Text;
using System.Text.Json.Nodes;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Intake;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

[Trait("Tier", "specs")]
public sealed class StepResultValidationTests
{
    private readonly NatsCloudEventBinding _binding = new();

    [Fact]
    public void Step_succeeded_with_extra_fields_is_accepted()
    {
        var validated = Validate(KnapscenEventTypes.StepSucceeded, d =>
        {
            d["user_index"] = 2;
            d["exit_code"] = 0;
        });

        Assert.Equal(2, validated.Data.GetProperty("user_index").GetInt32());
    }

    [Fact]
    public void Step_succeeded_with_null_user_index_is_accepted()
    {
        Validate(KnapscenEventTypes.StepSucceeded, d => d["user_index"] = null);
    }

    [Fact]
    public void Step_failed_with_an_error_is_accepted()
    {
        var validated = Validate(KnapscenEventTypes.StepFailed, d => d["error"] = "BackoffLimitExceeded");

        Assert.Equal("BackoffLimitExceeded", validated.Data.GetProperty("error").GetString());
    }

    [Fact]
    public void Step_failed_without_an_error_is_refused()
    {
        Rejection.Expect(() => Validate(KnapscenEventTypes.StepFailed, _ => { }), "data.error is missing");
    }

    [Fact]
    public void Step_result_with_attempt_zero_is_refused()
    {
        Rejection.Expect(() => Validate(KnapscenEventTypes.StepSucceeded, d => d["attempt"] = 0), "data.attempt is 0; it must be at least 1");
    }

    [Fact]
    public void Step_result_with_fractional_attempt_is_refused()
    {
        Rejection.Expect(() => Validate(KnapscenEventTypes.StepSucceeded, d => d["attempt"] = 1.5), "data.attempt");
    }

    [Fact]
    public void Step_result_with_negative_user_index_is_refused()
    {
        Rejection.Expect(() => Validate(KnapscenEventTypes.StepSucceeded, d => d["user_index"] = -1), "data.user_index is -1");
    }

    [Fact]
    public void Step_result_without_launch_id_is_refused()
    {
        Rejection.Expect(() => Validate(KnapscenEventTypes.StepSucceeded, d => d.Remove("launch_id")), "data.launch_id is missing");
    }

    [Fact]
    public void Step_result_with_numeric_step_is_refused()
    {
        Rejection.Expect(() => Validate(KnapscenEventTypes.StepSucceeded, d => d["step"] = 3), "data.step is a number; it must be a string");
    }

    [Fact]
    public void The_intake_table_has_one_row_per_accepted_type()
    {
        Assert.Equal(9, IntakeEventTypes.Known.Count);
        Assert.Contains(KnapscenEventTypes.StepFailed, IntakeEventTypes.Known);
        Assert.All(KnapscenEventTypes.StepContainerResults, type => Assert.Contains(type, IntakeEventTypes.Known));
        Assert.DoesNotContain(KnapscenEventTypes.CustomerRegistered, KnapscenEventTypes.StepContainerResults);
        // The outcomes are published by the orchestrator, never taken in.
        Assert.DoesNotContain(KnapscenEventTypes.CustomerOnboarded, IntakeEventTypes.Known);
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, 2)]
    public void A_result_written_by_the_publisher_reads_back_unchanged(bool succeeded, int? userIndex)
    {
        var sagaId = Guid.NewGuid();
        var result = new Knapscen.Sagas.StateMachines.Steps.StepResult
        {
            SagaId = sagaId,
            Step = "register-user",
            UserIndex = userIndex,
            Attempt = 3,
            LaunchId = Knapscen.Sagas.StateMachines.Steps.LaunchIds.For(sagaId, "register-user", userIndex, 3),
            Succeeded = succeeded,
            Error = succeeded ? null : "mailbox full",
        };
        var written = StepResultData.From(result, launchToken: "0123456789abcdef0123456789abcdef");

        using var json = System.Text.Json.JsonDocument.Parse(written.ToJson().ToJsonString());
        var read = StepResultData.Read(json.RootElement, failed: !succeeded);

        Assert.Equal(written, read);
    }

    private ValidatedCloudEvent Validate(string type, Action<JsonObject> changeData)
    {
        var data = new JsonObject { ["step"] = "save-customer", ["attempt"] = 1, ["launch_id"] = "launch-7", ["launch_token"] = "0123456789abcdef0123456789abcdef" };
        changeData(data);
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = "evt-step-1",
            ["source"] = "urn:knapscen:sagas",
            ["type"] = type,
            ["subject"] = SampleEvents.SagaSubject,
            ["data"] = data,
        };

        return CloudEventValidator.Validate(_binding.Decode(null, Encoding.UTF8.GetBytes(cloudEvent.ToJsonString()), 262_144));
    }
}
