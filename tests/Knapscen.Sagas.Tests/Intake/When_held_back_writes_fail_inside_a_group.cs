using Knapscen.Sagas.Orchestrator.Cli;
using Knapscen.Sagas.StateMachines.Telemetry;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>
/// In a group, an event's saga write travels with the next event's first command (or the commit). When the server
/// refuses that write, the event it belongs to already looked applied: the whole group must be undone and every event
/// applied again, none taken for done and none lost.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_held_back_writes_fail_inside_a_group
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // The server refuses the first saga-row update of each listed saga, once. The marker table is MEMORY, so the
    // refusal's mark survives the statement's rollback and the second try goes through.
    private const string RefuseOnceSql = """
        CREATE TABLE refuse_once (saga_id CHAR(36) NOT NULL PRIMARY KEY, refused INT NOT NULL DEFAULT 0) ENGINE=MEMORY;
        CREATE TRIGGER refuse_first_update BEFORE UPDATE ON onboarding_sagas FOR EACH ROW
        BEGIN
            IF (SELECT refused FROM refuse_once WHERE saga_id = NEW.correlation_id) = 0 THEN
                UPDATE refuse_once SET refused = 1 WHERE saga_id = NEW.correlation_id;
                SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused once by the test';
            END IF;
        END;
        """;

    [Fact]
    public async Task Should_undo_the_group_and_apply_every_event_again()
    {
        var registrations = Enumerable.Range(0, 20).Select(_ => SampleEvents.CustomerRegistered()).ToList();
        var refused = registrations.Where((_, i) => i % 4 == 1).Select(registration => registration.Subject!).ToList();
        // One worker, so the registrations queue up and are taken in groups.
        await using var orchestrator = await TestOrchestrator.StartAsync(
            new Dictionary<string, string?>(StepCommands.All()) { ["Nats:Workers"] = "1", ["Nats:GroupCommitSize"] = "32" });
        await ExecuteAsync(orchestrator.ConnectionString, RefuseOnceSql);
        await ExecuteAsync(
            orchestrator.ConnectionString,
            "INSERT INTO refuse_once (saga_id) VALUES " + string.Join(", ", refused.Select((_, i) => $"(@saga{i})")),
            refused.Select((id, i) => new MySqlParameter($"@saga{i}", id)).ToArray());
        var meter = orchestrator.Services.GetRequiredService<OnboardingMetrics>().Meter;
        using var groupSizes = new MetricCollector<long>(meter, "knapscen.intake.group_size");

        await Task.WhenAll(registrations.Select(registration => orchestrator.PublishAsync(registration)));

        foreach (var registration in registrations)
        {
            Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(registration.Subject!), Timeout)).State);
        }

        Assert.Equal(refused.Count, await ScalarAsync(orchestrator.ConnectionString, "SELECT COUNT(*) FROM refuse_once WHERE refused = 1"));
        Assert.Contains(groupSizes.GetMeasurementSnapshot(), measurement => measurement.Value > 1);
        // Every event applied exactly once: one inbox row each, and each step of every saga ran once.
        await SagaLedger.AssertHistoryAgreesAsync(orchestrator.ConnectionString, await SagaLedger.SagasAsync(orchestrator.ConnectionString));
        Assert.Equal(
            registrations.Count,
            await ScalarAsync(orchestrator.ConnectionString, "SELECT COUNT(*) FROM processed_events WHERE event_type = 'disco.knapscen.customer.registered'"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql, params MySqlParameter[] parameters)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
