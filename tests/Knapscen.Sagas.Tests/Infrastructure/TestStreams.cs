using Knapscen.Sagas.Adapters.Nats.Topology;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Removes the streams of a test's subject prefix when the test is done with them.</summary>
internal static class TestStreams
{
    private const int Attempts = 5;

    public static async Task DeleteAsync(INatsJSContext jetStream, JetStreamNames names)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var stream in new[] { names.IntakeStream, names.DeadLetterStream, names.OutcomeStream })
        {
            await DeleteOneAsync(jetStream, stream, timeout.Token);
        }
    }

    /// <summary>
    /// A busy server can leave a JetStream API request unanswered (seen while a whole suite deletes its streams at
    /// once); deleting again is harmless, and a stream already gone answers 404.
    /// </summary>
    private static async Task DeleteOneAsync(INatsJSContext jetStream, string stream, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await jetStream.DeleteStreamAsync(stream, cancellationToken);
                return;
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                // Never created by this test, or deleted by the unanswered attempt before.
                return;
            }
            catch (NatsJSApiNoResponseException) when (attempt < Attempts)
            {
            }
        }
    }
}
