using System.Text;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.EndToEnd;

[Trait("Tier", "e2e")]
public sealed class When_the_orchestrator_is_killed_before_the_saga_commits
{
    [Fact]
    public async Task Should_have_the_saga_exactly_once_after_a_restart()
    {
        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var marker = Path.Combine(Path.GetTempPath(), $"knapscen-pause-{Guid.NewGuid():N}");
        var environment = await publisher.ProcessEnvironmentAsync(new Dictionary<string, string?>(StepCommands.All()) { ["Nats:AckWaitSeconds"] = "3" });
        var sagaId = Guid.NewGuid();

        await using (var doomed = OrchestratorProcess.Start(new Dictionary<string, string>(environment) { ["Testing__PauseBeforeCommitMarker"] = marker, ["DOTNET_ENVIRONMENT"] = "Testing" }, "serve"))
        {
            await publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(marker)), TimeSpan.FromSeconds(60), "the saga transaction reaching its commit");
            await doomed.KillAsync();
        }

        Assert.Null(await publisher.Sagas.ReadAsync(sagaId, CancellationToken.None));

        await using var restarted = OrchestratorProcess.Start(environment, "serve");
        var saga = await publisher.WaitForFinalAsync(sagaId, TimeSpan.FromSeconds(90));

        Assert.Equal("Completed", saga.State);
        await using var connection = new MySqlConnection(publisher.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM onboarding_sagas WHERE correlation_id = @id";
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        File.Delete(marker);
    }
}
