using System.Diagnostics;
using System.Text;
using Knapscen.Sagas.Orchestrator.Cli;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Xunit.Abstractions;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>No head-of-line stall: neither a flood of invalid events nor a saga that cannot proceed holds up another saga.</summary>
[Trait("Tier", "integration")]
public sealed class When_the_intake_is_flooded_or_a_saga_is_slow(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The acceptance is 2 s on a quiet machine; the bound leaves room for a machine shared with other builds (1.5 s
    /// measured at load average 19 on 2 cores). Before the dead-letter lane the valid event queued behind the whole
    /// flood on one worker. The time it took is written to the test output.
    /// </summary>
    private static readonly TimeSpan FirstLaunchBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Should_launch_a_valid_registration_behind_2000_invalid_events_within_seconds()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        var notJson = Encoding.UTF8.GetBytes("this is not json {");
        var unknownType = Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(Guid.NewGuid()).Replace(
            "disco.knapscen.customer.registered", "disco.knapscen.customer.exploded", StringComparison.Ordinal));
        var subject = orchestrator.Names.Subject("customer-registered");
        var acks = new List<Task<PubAckResponse>>();
        for (var i = 0; i < 2000; i++)
        {
            acks.Add(orchestrator.JetStream.PublishAsync(subject, i % 2 == 0 ? notJson : unknownType).AsTask());
        }

        foreach (var ack in await Task.WhenAll(acks))
        {
            ack.EnsureSuccess();
        }

        var valid = SampleEvents.CustomerRegistered();
        var sagaId = Guid.Parse(valid.Subject!);
        var clock = Stopwatch.StartNew();
        await orchestrator.PublishAsync(valid);
        await Eventually.TrueAsync(() => FirstStepLaunchedAsync(orchestrator.ConnectionString, sagaId), FirstLaunchBound, $"the first step of saga {sagaId} being launched");
        output.WriteLine($"first step launched {clock.Elapsed.TotalMilliseconds:F0} ms after the registration, behind 2000 invalid events");

        // And the flood itself was dead-lettered, not dropped.
        Assert.Equal(2000, (await orchestrator.ReadDeadLettersAsync(2000, Timeout)).Count);
        Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(sagaId, Timeout)).State);
    }

    [Fact]
    public async Task Should_go_on_with_other_sagas_while_one_saga_waits_for_its_row()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        var stuck = SampleEvents.CustomerRegistered();
        var stuckId = Guid.Parse(stuck.Subject!);
        await orchestrator.PublishAsync(stuck);
        await orchestrator.WaitForFinalAsync(stuckId, Timeout);

        // A rival holds the finished saga's row, so an event for it waits on the lock (up to innodb_lock_wait_timeout).
        await using var rival = new MySqlConnection(orchestrator.ConnectionString);
        await rival.OpenAsync();
        await using (var begin = new MySqlCommand("START TRANSACTION", rival))
        {
            await begin.ExecuteNonQueryAsync();
        }

        await using (var lockRow = new MySqlCommand($"SELECT correlation_id FROM onboarding_sagas WHERE correlation_id = '{stuckId}' FOR UPDATE", rival))
        {
            await lockRow.ExecuteScalarAsync();
        }

        for (var i = 0; i < 3; i++)
        {
            var repeated = SampleEvents.CustomerRegistered();
            repeated.Subject = stuckId.ToString();
            await orchestrator.PublishAsync(repeated);
        }

        await Persistence.BlockedLockingReads.UntilOneWaitsForAsync(orchestrator.ConnectionString, stuckId, Timeout);
        var others = Enumerable.Range(0, 5).Select(_ => SampleEvents.CustomerRegistered()).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var other in others)
        {
            await orchestrator.PublishAsync(other);
        }

        foreach (var other in others)
        {
            Assert.Equal("Completed", (await orchestrator.WaitForFinalAsync(Guid.Parse(other.Subject!), Timeout)).State);
        }

        output.WriteLine($"5 other sagas completed in {clock.Elapsed.TotalMilliseconds:F0} ms while saga {stuckId} waited for its row");
        await using (var rollback = new MySqlCommand("ROLLBACK", rival))
        {
            await rollback.ExecuteNonQueryAsync();
        }
    }

    private static async Task<bool> FirstStepLaunchedAsync(string connectionString, Guid sagaId)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        // A launched attempt has its launch id on the saga row; its history row comes only when it finishes.
        await using var command = new MySqlCommand(
            "SELECT COUNT(*) FROM onboarding_sagas WHERE correlation_id = @saga AND steps_json LIKE '%\"launchId\":\"%'", connection);
        command.Parameters.AddWithValue("@saga", sagaId.ToString());
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
