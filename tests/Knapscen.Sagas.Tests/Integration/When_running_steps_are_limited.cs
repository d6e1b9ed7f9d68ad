using System.Text;
using System.Text.Json.Nodes;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Integration;

/// <summary>
/// Running-step limits on the real orchestrator: what runs at once is measured from the step processes (their own
/// start and end times) and from the saga's launch history, never inferred from timing.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_running_steps_are_limited
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Should_never_run_more_than_five_steps_of_a_fifty_user_onboarding_at_once_and_complete()
    {
        using var log = new StepConcurrencyLog();
        var settings = log.Settings(seconds: 0.5);
        settings["StepLimits:MaxRunning"] = "5";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Registration(sagaId, users: 50));

        var saga = await orchestrator.WaitForFinalAsync(sagaId, Timeout);
        Assert.Equal("Completed", saga.State);
        var spans = log.Spans();
        // 50 register-user, 50 send-welcome-email, and register-customer, notify-marketing, order-swag, create-touchpoints.
        Assert.Equal(104, spans.Count);
        Assert.Equal(104, spans.Select(span => span.LaunchId).Distinct(StringComparer.Ordinal).Count());
        // The limit is reached (so this measures something) and never passed, by the processes or by the saga's record.
        Assert.Equal(5, StepConcurrencyLog.MostAtOnce(spans.Select(span => (span.Start, span.End))));
        Assert.Equal(5, StepConcurrencyLog.MostAtOnce(await HistorySpansAsync(orchestrator.ConnectionString, sagaId)));
    }

    [Fact]
    public async Task Should_hold_one_steps_limit_across_sagas_start_its_waiting_runs_in_each_sagas_order_and_leave_other_steps_free()
    {
        using var log = new StepConcurrencyLog();
        var settings = log.Settings(seconds: 0.3);
        settings["Steps:send-welcome-email:MaxRunning"] = "2";
        settings["StepLimits:RecheckMilliseconds"] = "200";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        Guid[] sagaIds = [Guid.NewGuid(), Guid.NewGuid()];

        foreach (var sagaId in sagaIds)
        {
            await orchestrator.PublishRawAsync("customer-registered", Registration(sagaId, users: 8));
        }

        foreach (var sagaId in sagaIds)
        {
            Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(sagaId, Timeout)).State);
        }

        var spans = log.Spans();
        var welcomes = spans.Where(span => span.Step == "send-welcome-email").ToList();
        Assert.Equal(16, welcomes.Count);
        Assert.Equal(2, StepConcurrencyLog.MostAtOnce(welcomes.Select(span => (span.Start, span.End))));
        // register-user has no limit: its eight instances of a saga start together.
        Assert.True(StepConcurrencyLog.MostAtOnce(spans.Where(span => span.Step == "register-user").Select(span => (span.Start, span.End))) > 2);
        foreach (var sagaId in sagaIds)
        {
            var started = await LaunchOrderAsync(orchestrator.ConnectionString, sagaId, "send-welcome-email");
            Assert.Equal(Enumerable.Range(0, 8), started);
        }
    }

    internal static byte[] Registration(Guid sagaId, int users)
    {
        var cloudEvent = JsonNode.Parse(InvalidEvents.SampleJson(sagaId))!.AsObject();
        cloudEvent["data"]!["users"] = InvalidEvents.Users(users);
        return Encoding.UTF8.GetBytes(cloudEvent.ToJsonString());
    }

    /// <summary>Each attempt's span as the saga recorded it: from before its launch to after its result was applied.</summary>
    internal static async Task<IReadOnlyList<(long Start, long End)>> HistorySpansAsync(string connectionString, Guid? sagaId = null)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT started_at, finished_at FROM saga_step_history WHERE @saga IS NULL OR saga_id = @saga", connection);
        command.Parameters.AddWithValue("@saga", sagaId?.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        var spans = new List<(long, long)>();
        while (await reader.ReadAsync())
        {
            spans.Add((reader.GetDateTime(0).Ticks, reader.GetDateTime(1).Ticks));
        }

        return spans;
    }

    private static async Task<IReadOnlyList<int>> LaunchOrderAsync(string connectionString, Guid sagaId, string step)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT user_index FROM saga_step_history WHERE saga_id = @saga AND step = @step ORDER BY started_at, id", connection);
        command.Parameters.AddWithValue("@saga", sagaId.ToString());
        command.Parameters.AddWithValue("@step", step);
        await using var reader = await command.ExecuteReaderAsync();
        var order = new List<int>();
        while (await reader.ReadAsync())
        {
            order.Add(reader.GetInt32(0));
        }

        return order;
    }
}
