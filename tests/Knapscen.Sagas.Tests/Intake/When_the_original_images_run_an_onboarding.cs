using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>
/// The default catalog with its four original-image steps played by stand-ins written from the images' observed
/// behaviour (StandIns/*.py: a new customer id of their own, customers found by name, `user-&lt;id&gt;`, sha256-prefix
/// and `touchpoints-&lt;id8&gt;` subjects, null fields, nested data, plain core-NATS publishes to NATS_SUBJECT), and the
/// project's own steps (the real binary) for the rest, on the local process launcher.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_the_original_images_run_an_onboarding
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static readonly Dictionary<string, string> StandIns = new(StringComparer.Ordinal)
    {
        ["register-customer"] = "register_corporate_customer.py",
        ["register-user"] = "register_users.py",
        ["send-welcome-email"] = "email_notifications.py",
        ["create-touchpoints"] = "create_customer_touchpoints.py",
    };

    [Fact]
    public async Task Should_complete_with_the_rows_under_the_customer_id_the_image_made_up_and_no_dead_letters()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(Catalog());
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        var final = await orchestrator.WaitForFinalAsync(sagaId, Timeout);

        Assert.True(final.State == "Completed", $"{final.State}: {final.LastError}");
        var runs = await RunsAsync(orchestrator, sagaId);
        var customerId = runs.Single(run => run.Step == "register-customer").Output!.Subject!;
        Assert.True(Guid.TryParse(customerId, out _) && customerId != sagaId.ToString("D"), $"customer id {customerId}");
        Assert.Equal("1,3,1,1,1", await RowsOfAsync(orchestrator, customerId));
        Assert.Equal(1L, await ScalarAsync(orchestrator, "SELECT COUNT(*) FROM corporate_customers"));
        Assert.Equal(0L, await ScalarAsync(orchestrator, "SELECT COUNT(*) FROM touchpoints WHERE welcome_outreach IS NOT NULL"));

        // Each image's own result event is its step's output, in the image's own shapes.
        var users = runs.Where(run => run.Step == "register-user").ToList();
        Assert.Equal(3, users.Count);
        foreach (var user in users)
        {
            var userId = user.Output!.Subject!["user-".Length..];
            Assert.Equal(customerId, Convert.ToString(await QueryAsync(orchestrator, "SELECT customer_id FROM users WHERE id = @id", userId), CultureInfo.InvariantCulture));
        }

        var welcome = runs.Single(run => run.Step == "send-welcome-email" && run.UserIndex == 0).Output!;
        var ownerEmail = (string)JsonNode.Parse(welcome.DataJson!)!["user_email"]!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ownerEmail)))[..8], welcome.Subject);
        Assert.Null(JsonNode.Parse(welcome.DataJson!)!["customer_name"]);
        var touchpoints = runs.Single(run => run.Step == "create-touchpoints").Output!;
        Assert.StartsWith("touchpoints-", touchpoints.Subject, StringComparison.Ordinal);
        Assert.Equal(customerId, (string)JsonNode.Parse(touchpoints.DataJson!)!["customer"]!["id"]!);

        Assert.Equal(0L, await orchestrator.CountMessagesAsync(orchestrator.Names.DeadLetterStream));
    }

    [Fact]
    public async Task Should_compensate_a_step_failing_for_good_by_deleting_the_customer_the_image_created_with_its_users()
    {
        var settings = Catalog();
        // The original touchpoints image finds the customer by name: a name it cannot find fails it, every attempt.
        settings["Steps:create-touchpoints:Environment:CUSTOMER_NAME"] = "Nobody Of That Name";
        settings["Steps:create-touchpoints:Retry:MaxAttempts"] = "2";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        var final = await orchestrator.WaitForFinalAsync(sagaId, Timeout);

        Assert.True(final.State == "Compensated", $"{final.State}: {final.LastError}");
        Assert.Contains("create-customer-touchpoints: customer Nobody Of That Name not found", final.LastError, StringComparison.Ordinal);
        var customerId = (await RunsAsync(orchestrator, sagaId)).Single(run => run.Step == "register-customer").Output!.Subject!;
        Assert.Equal("0,0,0,0,0", await RowsOfAsync(orchestrator, customerId));
        Assert.Equal(0L, await ScalarAsync(orchestrator, "SELECT COUNT(*) FROM corporate_customers"));
        Assert.Equal(0L, await ScalarAsync(orchestrator, "SELECT COUNT(*) FROM users"));
        Assert.Equal(0L, await orchestrator.CountMessagesAsync(orchestrator.Names.DeadLetterStream));
    }

    /// <summary>The default catalog: the four original images as their stand-ins, every other step the project's binary.</summary>
    private static Dictionary<string, string?> Catalog()
    {
        var settings = new Dictionary<string, string?>();
        var folder = Path.Combine(Stack.RepositoryRoot, "tests", "Knapscen.Sagas.Tests", "Intake", "StandIns");
        foreach (var step in StepCommands.CatalogStepNames)
        {
            string[] command = StandIns.TryGetValue(step, out var script)
                ? ["python3", Path.Combine(folder, script)]
                : ["dotnet", OrchestratorProcess.BinaryPath, "step", step];
            for (var index = 0; index < command.Length; index++)
            {
                settings[$"Steps:{step}:Command:{index}"] = command[index];
            }

            settings[$"Steps:{step}:Retry:InitialDelaySeconds"] = "0.2";
            settings[$"Steps:{step}:Retry:MaxDelaySeconds"] = "0.2";
        }

        return settings;
    }

    private static async Task<List<StepRun>> RunsAsync(TestOrchestrator orchestrator, Guid sagaId) =>
        (await SagaLedger.SagasAsync(orchestrator.ConnectionString)).Single(saga => saga.Id == sagaId).Steps;

    /// <summary>customers, users, touchpoints, marketing notices, swag orders of one customer.</summary>
    private static async Task<string> RowsOfAsync(TestOrchestrator orchestrator, string customerId)
    {
        string[] tables = ["corporate_customers WHERE id", "users WHERE customer_id", "touchpoints WHERE customer_id", "marketing_notices WHERE customer_id", "swag_orders WHERE customer_id"];
        var counts = new List<long>();
        foreach (var table in tables)
        {
            counts.Add(await ScalarAsync(orchestrator, $"SELECT COUNT(*) FROM {table} = @id", customerId));
        }

        return string.Join(',', counts);
    }

    private static async Task<long> ScalarAsync(TestOrchestrator orchestrator, string sql, string id = "") =>
        Convert.ToInt64(await QueryAsync(orchestrator, sql, id), CultureInfo.InvariantCulture);

    private static async Task<object?> QueryAsync(TestOrchestrator orchestrator, string sql, string id)
    {
        await using var connection = new MySqlConnection(orchestrator.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        return await command.ExecuteScalarAsync();
    }
}
