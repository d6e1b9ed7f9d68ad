using System.Text;
using System.Text.Json.Nodes;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Intake;

/// <summary>
/// The intake stream refuses new events when full, so events already applied must not fill it: past half its size the
/// acknowledged ones are purged, and registrations and step results keep being accepted.
/// </summary>
[Trait("Tier", "integration")]
public sealed class When_the_intake_stream_fills_with_applied_events
{
    // The trimmer looks once a second and purges past half the limit, so the stream must not gain the other half within
    // a second: at a quiet machine's pace (about 4 onboardings a second here) 2 MiB leaves room, 1 MiB did not.
    private const int StreamLimitBytes = 2 * 1024 * 1024;
    private const int Registrations = 28;
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_purge_what_was_acknowledged_and_go_on_accepting_events_beyond_the_streams_size()
    {
        var steps = new FlakySteps(failuresIn256: 0);
        var settings = steps.Settings();
        settings["Nats:IntakeMaxBytes"] = StreamLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Nats:IntakeTrimIntervalSeconds"] = "1";
        await using var orchestrator = await TestOrchestrator.StartAsync(settings);

        // 28 registrations of 100 KB each are more than the stream may hold at once.
        for (var i = 0; i < Registrations; i++)
        {
            var sagaId = Guid.NewGuid();
            await orchestrator.PublishRawAsync("customer-registered", PaddedRegistration(sagaId, 100 * 1024));
            var saga = await orchestrator.WaitForFinalAsync(sagaId, SagaTimeout);
            Assert.Equal("Completed", saga.State);
        }

        var stream = await orchestrator.JetStream.GetStreamAsync(orchestrator.Names.IntakeStream);
        Assert.True(stream.Info.State.FirstSeq > 1, "nothing was purged, yet more than the stream's limit went through it");
        Assert.True((long)stream.Info.State.Bytes < StreamLimitBytes, $"the stream holds {stream.Info.State.Bytes} bytes");
        File.Delete(steps.LaunchLog);
    }

    private static byte[] PaddedRegistration(Guid sagaId, int padding)
    {
        var cloudEvent = JsonNode.Parse(InvalidEvents.SampleJson(sagaId))!;
        cloudEvent["data"]!["notes"] = new string('n', padding);
        return Encoding.UTF8.GetBytes(cloudEvent.ToJsonString());
    }
}
