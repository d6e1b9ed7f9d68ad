using System.Globalization;
using System.Text;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>
/// A step container that fails says why in one line on stderr; with FallbackToLogsOnError the kubelet makes that line
/// the container's termination message, and the Job watcher puts it into the step's failure reason.
/// </summary>
[Trait("Tier", "integration")]
[Collection(KubeCollection.Name)]
public sealed class When_a_job_fails_with_a_line_on_stderr(KubeFixture fixture)
{
    [Fact]
    public async Task Should_show_the_line_in_the_step_history_and_in_sagas_show()
    {
        // knapscen.test/fail:1 prints "mailbox full" on stderr and exits 1.
        var settings = fixture.OrchestratorSettings(step => step == "send-welcome-email" ? "knapscen.test/fail:1" : "knapscen.test/succeed:1");
        settings["Steps:send-welcome-email:Retry:MaxAttempts"] = "1";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);
        var sagaId = Guid.NewGuid();

        await orchestrator.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        var saga = await orchestrator.WaitForFinalAsync(sagaId, TimeSpan.FromMinutes(4));

        Assert.Equal("Compensated", saga.State);
        const string reason = "container exited with code 1 (Error): mailbox full";
        var errors = await HistoryErrorsAsync(orchestrator.ConnectionString, sagaId, "send-welcome-email");
        // The first failure turns the saga to compensation, which may stop the other users' Jobs before they fail.
        Assert.NotEmpty(errors);
        Assert.All(errors, error => Assert.EndsWith(reason, error, StringComparison.Ordinal));
        var shown = await Cli.RunAsync(await orchestrator.ProcessEnvironmentAsync(), "sagas", "show", sagaId.ToString());
        Assert.True(shown.ExitCode == 0, shown.Output);
        Assert.Contains(reason, shown.Output, StringComparison.Ordinal);
        await fixture.DeleteJobsAsync(sagaId);
    }

    private static async Task<List<string>> HistoryErrorsAsync(string connectionString, Guid sagaId, string step)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT error FROM saga_step_history WHERE saga_id = @id AND step = @step AND outcome = 'Failed' ORDER BY user_index";
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        command.Parameters.AddWithValue("@step", step);
        var errors = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            errors.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return errors;
    }
}
