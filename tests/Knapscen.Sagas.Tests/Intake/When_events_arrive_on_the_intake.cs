using System.Text;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Orchestrator.Cli;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MySqlConnector;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Intake;

[Trait("Tier", "integration")]
public sealed class When_events_arrive_on_the_intake
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Structured_and_binary_mode_events_each_start_their_saga()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        var structured = SampleEvents.CustomerRegistered();
        var binary = SampleEvents.CustomerRegistered();

        await orchestrator.PublishAsync(structured);
        await orchestrator.PublishAsync(binary, binaryMode: true);

        Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(structured.Subject!), Timeout)).State);
        Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(binary.Subject!), Timeout)).State);
    }

    [Fact]
    public async Task Two_events_whose_ids_differ_only_in_case_are_two_events()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        var upper = SampleEvents.CustomerRegistered();
        var lower = SampleEvents.CustomerRegistered();
        upper.Id = "Registration-" + upper.Subject;
        lower.Id = upper.Id.ToLowerInvariant();
        lower.Source = upper.Source;

        await orchestrator.PublishAsync(upper);
        await orchestrator.PublishAsync(lower);

        // A case-insensitive inbox key took the second for the first and dropped it as already applied.
        Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(upper.Subject!), Timeout)).State);
        Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(lower.Subject!), Timeout)).State);
    }

    [Fact]
    public async Task Bare_json_body_without_headers_is_read_as_structured_mode()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));

        Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(sagaId, Timeout)).State);
    }

    [Fact]
    public async Task Invalid_events_are_dead_lettered_with_their_reason_and_the_intake_keeps_consuming()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        var cases = InvalidEvents.All();
        foreach (var invalid in cases)
        {
            var headers = invalid.Headers ?? new NatsHeaders();
            headers["test-case"] = invalid.Name;
            await orchestrator.PublishRawAsync("customer-registered", invalid.Body, headers);
        }

        var valid = SampleEvents.CustomerRegistered();
        await orchestrator.PublishAsync(valid);

        var deadLetters = await orchestrator.ReadDeadLettersAsync(cases.Count, Timeout);
        var reasons = deadLetters.ToDictionary(
            message => message.Headers!["test-case"].ToString(),
            message => message.Headers![DeadLetterPublisher.ReasonHeader].ToString());
        foreach (var invalid in cases)
        {
            Assert.True(reasons.TryGetValue(invalid.Name, out var reason), $"{invalid.Name} was not dead-lettered");
            Assert.Contains(invalid.ExpectedInReason, reason, StringComparison.OrdinalIgnoreCase);
        }

        Assert.All(deadLetters, message => Assert.Equal(orchestrator.SubjectPrefix + "customer-registered", message.Headers![DeadLetterPublisher.OriginalSubjectHeader].ToString()));
        Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(valid.Subject!), Timeout)).State);
    }

    [Fact]
    public async Task The_same_event_published_three_times_gives_one_saga_with_each_step_run_once()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        using var ignored = new MetricCollector<long>(orchestrator.Services.GetRequiredService<OnboardingMetrics>().Meter, "knapscen.events.ignored");
        var sagaId = Guid.NewGuid();
        var body = Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId));

        // Published without a message id, so the server's dedup cannot help: the inbox must.
        for (var copy = 0; copy < 3; copy++)
        {
            await orchestrator.PublishRawAsync("customer-registered", body);
        }

        var saga = await orchestrator.WaitForFinalAsync(sagaId, Timeout);
        Assert.Equal("Completed", saga.State);
        Assert.Equal(10, saga.Steps.Count);
        Assert.All(saga.Steps, step => Assert.Equal(1, step.Attempt));
        await using var connection = new MySqlConnection(orchestrator.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(1L, await Scalar(connection, "SELECT COUNT(*) FROM onboarding_sagas WHERE correlation_id = @id", sagaId));
        Assert.Equal(10L, await Scalar(connection, "SELECT COUNT(*) FROM saga_step_history WHERE saga_id = @id", sagaId));

        // Only the inbox gives these: the event recorded once, and the two copies stopped before the machine saw them.
        Assert.Equal(1L, await Scalar(connection, $"SELECT COUNT(*) FROM processed_events WHERE saga_id = @id AND event_id = 'evt-{sagaId:N}'", sagaId));
        await Eventually.TrueAsync(
            () => Task.FromResult(AlreadyApplied(ignored) == 2),
            Timeout,
            "both copies counted as already applied");
        Assert.Equal(0L, await Scalar(connection, "SELECT ignored_events FROM onboarding_sagas WHERE correlation_id = @id", sagaId));
    }

    [Fact]
    public async Task A_result_for_an_unknown_saga_is_dead_lettered_after_max_deliveries_and_the_intake_goes_on()
    {
        const int maxDeliveries = 3;
        var settings = StepCommands.All();
        settings["Nats:MaxDeliveries"] = maxDeliveries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        var unknown = Guid.NewGuid();

        // Through the real publisher: the launch id is well formed, only the saga does not exist.
        await orchestrator.Services.GetRequiredService<IStepResultPublisher>().PublishAsync(
            new StepResult { SagaId = unknown, Step = "register-customer", Attempt = 1, LaunchId = LaunchIds.For(unknown, "register-customer", null, 1), Succeeded = true },
            CancellationToken.None);
        var valid = SampleEvents.CustomerRegistered();
        await orchestrator.PublishAsync(valid);

        var deadLetter = Assert.Single(await orchestrator.ReadDeadLettersAsync(1, Timeout));
        Assert.StartsWith($"processing failed {maxDeliveries} times; last error: ", deadLetter.Headers![DeadLetterPublisher.ReasonHeader].ToString(), StringComparison.Ordinal);
        Assert.Equal(orchestrator.SubjectPrefix + "knapscen.intake.step-results", deadLetter.Headers![DeadLetterPublisher.OriginalSubjectHeader].ToString());
        Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(valid.Subject!), Timeout)).State);
        Assert.Null(await orchestrator.Sagas.ReadAsync(unknown, CancellationToken.None));
    }

    private static long AlreadyApplied(MetricCollector<long> ignored) =>
        ignored.GetMeasurementSnapshot()
            .Where(measurement => measurement.Tags.TryGetValue("reason", out var reason) && (string?)reason == "already_applied")
            .Sum(measurement => measurement.Value);

    private static async Task<long> Scalar(MySqlConnection connection, string sql, Guid sagaId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
