using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Intake;

[Trait("Tier", "integration")]
public sealed class When_results_must_be_bound_to_their_launch : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly string directory = Directory.CreateTempSubdirectory("knapscen-results-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Should_dead_letter_forged_and_moved_results_ignore_an_earlier_attempts_and_complete_on_the_real_one()
    {
        var gate = Path.Combine(directory, "gate");
        // Attempt 1 fails; attempt 2 runs until the test opens the gate (bounded), so forgeries arrive while it runs.
        var settings = StepCommands.All(overrides: new Dictionary<string, string>
        {
            ["register-customer"] = $$"""
                [ "$ATTEMPT" = 1 ] && { echo "first attempt fails" >&2; exit 3; }
                i=0; while [ ! -f '{{gate}}' ] && [ $i -lt 900 ]; do sleep 0.1; i=$((i+1)); done; exit 0
                """,
        });
        settings["Steps:register-customer:Environment:ATTEMPT"] = "${step.attempt}";
        settings["Steps:register-customer:Retry:InitialDelaySeconds"] = "0.2";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        var sagaId = Guid.NewGuid();
        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        await Eventually.TrueAsync(
            async () => (await RegisterCustomerAsync(orchestrator, sagaId)) is { Attempt: 2, Status: StepStatus.Running },
            Timeout,
            "register-customer attempt 2 running");

        var tokens = orchestrator.Services.GetRequiredService<LaunchTokens>();
        var current = LaunchIds.For(sagaId, "register-customer", null, 2);
        var otherSaga = Guid.NewGuid();
        var otherLaunch = LaunchIds.For(otherSaga, "register-customer", null, 2);

        // 1. Right launch id, wrong source, on a choreography subject, no real token.
        await orchestrator.Publisher.PublishAsync("customer-saved", Failure("forged-1", "evil", sagaId, current, "0123456789abcdef0123456789abcdef"), binaryMode: false, CancellationToken.None);
        // 2. Another saga's genuine token, copied onto this saga's launch, on the right subject.
        await orchestrator.Publisher.PublishAsync("knapscen.intake.step-results", Failure("forged-2", NatsStepResultPublisher.Source, sagaId, current, tokens.For(otherSaga, otherLaunch)), binaryMode: false, CancellationToken.None);
        // 3. A genuine result of the earlier attempt (signed by the orchestrator's own publisher): late, so ignored.
        await orchestrator.Services.GetRequiredService<IStepResultPublisher>().PublishAsync(
            new StepResult { SagaId = sagaId, Step = "register-customer", Attempt = 1, LaunchId = LaunchIds.For(sagaId, "register-customer", null, 1), Succeeded = true },
            CancellationToken.None);

        var deadLetters = await orchestrator.ReadDeadLettersAsync(2, Timeout);
        var reasons = deadLetters.Select(message => message.Headers![DeadLetterPublisher.ReasonHeader].ToString()).ToList();
        Assert.Contains(reasons, reason => reason.StartsWith($"step results are accepted only on {orchestrator.SubjectPrefix}knapscen.intake.step-results; this io.knapscen.sagas.step.failed came on {orchestrator.SubjectPrefix}customer-saved", StringComparison.Ordinal));
        Assert.Contains(reasons, reason => reason == $"the launch token is not the token of launch {current} of saga {sagaId}: not that launch's result");
        await Eventually.TrueAsync(async () => await IgnoredAsync(orchestrator, sagaId) >= 1, Timeout, "the earlier attempt's result counted as ignored");

        await File.WriteAllTextAsync(gate, "open");
        var final = await orchestrator.WaitForFinalAsync(sagaId, Timeout);

        Assert.Equal("Completed", final.State);
        var run = await RegisterCustomerAsync(orchestrator, sagaId);
        Assert.Equal((2, StepStatus.Succeeded), (run!.Attempt, run.Status));
        Assert.DoesNotContain(final.Steps, step => step.LastError?.Contains("forged", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Should_keep_an_original_images_own_event_as_the_steps_output_and_give_it_to_later_steps()
    {
        var madeUp = Path.Combine(directory, "customer-id");
        var seenByUsers = Path.Combine(directory, "users");
        var standIn = Path.Combine(Stack.RepositoryRoot, "tests", "Knapscen.Sagas.Tests", "Intake", "StandIns", "register_corporate_customer.py");
        var settings = StepCommands.All(overrides: new Dictionary<string, string>
        {
            ["register-customer"] = $"exec python3 '{standIn}'",
            ["register-user"] = $"echo \"$CUSTOMER_ID\" >> '{seenByUsers}'",
        });
        settings["Steps:register-customer:Environment:NATS_SERVER"] = (await Stack.UpAsync()).NatsUrl;
        settings["Steps:register-customer:Environment:STAND_IN_OUT"] = madeUp;
        settings["Steps:register-user:Environment:CUSTOMER_ID"] = "${steps.register-customer.output.subject}";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        var nats = orchestrator.Services.GetRequiredService<INatsConnection>();
        await using var listener = await nats.SubscribeCoreAsync<byte[]>(orchestrator.SubjectPrefix + "customer-saved");
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        var final = await orchestrator.WaitForFinalAsync(sagaId, Timeout);

        Assert.Equal("Completed", final.State);
        var customerId = await File.ReadAllTextAsync(madeUp);
        Assert.NotEqual(sagaId.ToString(), customerId);
        var output = (await RegisterCustomerAsync(orchestrator, sagaId))!.Output!;
        Assert.Equal(("disco.knapscen.customer.saved", customerId), (output.Type, output.Subject));
        Assert.Null(JsonNode.Parse(output.DataJson!)!["users"]);
        // Every user was registered under the id the stand-in made up, not the saga's.
        Assert.All(await File.ReadAllLinesAsync(seenByUsers), line => Assert.Equal(customerId, line));
        Assert.Equal(0L, await orchestrator.CountMessagesAsync(orchestrator.Names.DeadLetterStream));
        // Listeners of the choreography still hear the container's event, once.
        using var wait = new CancellationTokenSource(Timeout);
        var announced = await listener.Msgs.ReadAsync(wait.Token);
        Assert.Contains(customerId, Encoding.UTF8.GetString(announced.Data!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_fail_a_step_that_must_report_an_output_and_ended_well_without_one()
    {
        var settings = StepCommands.All();
        settings["Steps:register-customer:RequiresOutput"] = "true";
        settings["Steps:register-customer:Retry:MaxAttempts"] = "1";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        var final = await orchestrator.WaitForFinalAsync(sagaId, Timeout);

        Assert.Equal("Compensated", final.State);
        Assert.Contains("register-customer failed after 1 attempt(s): it ended successfully but reported no result event on its result subject", final.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_leave_a_customer_that_existed_without_a_saga_and_its_users_untouched_when_the_registration_fails()
    {
        // The built-in register-customer as the real binary; quick retries, so its refusal is final soon.
        var settings = StepCommands.All(overrides: new Dictionary<string, string>
        {
            ["register-customer"] = $"exec dotnet '{OrchestratorProcess.BinaryPath}' step register-customer",
        });
        settings["Steps:register-customer:Retry:InitialDelaySeconds"] = "0.2";
        settings["Steps:register-customer:Retry:MaxDelaySeconds"] = "0.2";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        var sagaId = Guid.NewGuid();
        await ExecuteAsync(orchestrator, "INSERT INTO corporate_customers (id, name, subscription_tier) VALUES (@id, 'Existing Corp', 'basic')", sagaId);
        await ExecuteAsync(orchestrator, "INSERT INTO users (id, customer_id, role_id, name, email) SELECT UUID(), @id, id, 'Old Hand', CONCAT('old.hand.', @id, '@example.com') FROM user_roles WHERE role_name = 'admin_user'", sagaId);

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        var final = await orchestrator.WaitForFinalAsync(sagaId, Timeout);

        Assert.Equal("Compensated", final.State);
        Assert.Contains($"customer {sagaId} already exists and was not created by this onboarding (it belongs to no saga)", final.LastError, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(orchestrator, "SELECT COUNT(*) FROM corporate_customers WHERE id = @id AND name = 'Existing Corp' AND created_by_saga IS NULL", sagaId));
        Assert.Equal(1, await CountAsync(orchestrator, "SELECT COUNT(*) FROM users WHERE customer_id = @id", sagaId));
    }

    private static async Task ExecuteAsync(TestOrchestrator orchestrator, string sql, Guid sagaId) => await CountAsync(orchestrator, sql, sagaId);

    private static async Task<int> CountAsync(TestOrchestrator orchestrator, string sql, Guid sagaId)
    {
        await using var connection = new MySqlConnection(orchestrator.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        return Convert.ToInt32(await command.ExecuteScalarAsync() ?? 0, CultureInfo.InvariantCulture);
    }

    private static CloudEvent Failure(string id, string source, Guid sagaId, string launchId, string token) => new()
    {
        Id = id,
        Type = "io.knapscen.sagas.step.failed",
        Source = new Uri(source, UriKind.RelativeOrAbsolute),
        Subject = sagaId.ToString(),
        DataContentType = "application/json",
        Data = new JsonObject
        {
            ["step"] = "register-customer",
            ["attempt"] = 2,
            ["launch_id"] = launchId,
            ["error"] = "forged failure from an outsider",
            ["launch_token"] = token,
        },
    };

    private static async Task<StepRun?> RegisterCustomerAsync(TestOrchestrator orchestrator, Guid sagaId) =>
        (await SagaLedger.SagasAsync(orchestrator.ConnectionString))
            .Where(saga => saga.Id == sagaId)
            .SelectMany(saga => saga.Steps)
            .FirstOrDefault(run => run.Step == "register-customer");

    private static Task<int> IgnoredAsync(TestOrchestrator orchestrator, Guid sagaId) =>
        CountAsync(orchestrator, "SELECT ignored_events FROM onboarding_sagas WHERE correlation_id = @id", sagaId);
}
