using Knapscen.Sagas.Orchestrator.Cli;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;
using NATS.Client.JetStream.Models;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>
/// An event that waits its turn in the orchestrator (behind its saga's row lock, or in the saga's lane) longer than
/// AckWait is reported in progress, so the server does not hand a second copy to this or another replica.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_events_are_held_longer_than_the_ack_wait
{
    private const int AckWaitSeconds = 1;
    private const string Consumer = "knapscen-orchestrator";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_not_be_redelivered_while_they_wait()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(new Dictionary<string, string?>(StepCommands.All())
        {
            ["Nats:AckWaitSeconds"] = AckWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nats:ConsumerName"] = Consumer,
        });
        var registration = SampleEvents.CustomerRegistered();
        var sagaId = Guid.Parse(registration.Subject!);
        await orchestrator.PublishAsync(registration);
        await orchestrator.WaitForFinalAsync(sagaId, Timeout);

        await using var rival = new MySqlConnection(orchestrator.ConnectionString);
        await rival.OpenAsync();
        await ExecuteAsync(rival, "START TRANSACTION");
        await ExecuteAsync(rival, $"SELECT correlation_id FROM onboarding_sagas WHERE correlation_id = '{sagaId}' FOR UPDATE");

        // The first waits on the row lock, the second in the saga's lane behind it.
        for (var i = 0; i < 2; i++)
        {
            var repeated = SampleEvents.CustomerRegistered();
            repeated.Subject = sagaId.ToString();
            await orchestrator.PublishAsync(repeated);
        }

        await Persistence.BlockedLockingReads.UntilOneWaitsForAsync(orchestrator.ConnectionString, sagaId, Timeout);

        // No condition marks a redelivery that did not happen: the server is watched for four AckWaits instead.
        var watchUntil = DateTimeOffset.UtcNow.AddSeconds(4 * AckWaitSeconds);
        while (DateTimeOffset.UtcNow < watchUntil)
        {
            Assert.Equal(0L, (long)(await ConsumerAsync(orchestrator)).NumRedelivered);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        await ExecuteAsync(rival, "ROLLBACK");
        await Eventually.TrueAsync(async () => (await ConsumerAsync(orchestrator)).NumAckPending == 0, Timeout, "every held event acknowledged");
        Assert.Equal(0L, (long)(await ConsumerAsync(orchestrator)).NumRedelivered);
    }

    private static async Task<ConsumerInfo> ConsumerAsync(TestOrchestrator orchestrator) =>
        (await orchestrator.JetStream.GetConsumerAsync(orchestrator.Names.IntakeStream, Consumer)).Info;

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
