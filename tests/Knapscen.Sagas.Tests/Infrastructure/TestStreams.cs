using Knapscen.Sagas.Adapters.Nats.Topology;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Removes the streams of a test's subject prefix when the test is done with them.</summary>
internal static class TestStreams
{
    public static async Task DeleteAsync(INatsJSContext jetStream, JetStreamNames names)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var stream in new[] { names.IntakeStream, names.DeadLetterStream, names.OutcomeStream })
        {
            try
            {
                await jetStream.DeleteStreamAsync(stream, timeout.Token);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                // Never created by this test.
            }
        }
    }
}
