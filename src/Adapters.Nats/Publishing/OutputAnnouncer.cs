using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.StateMachines.Contracts;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats.Publishing;

/// <summary>
/// Passes an accepted output event on, unchanged, to the choreography subject of its type, so listeners of the original
/// choreography (<c>customer-saved</c>, <c>user-saved</c>, …) still receive the containers' events. The message id is
/// derived from the launch, so a redelivered output is announced once. The intake treats those subjects as information.
/// </summary>
internal sealed class OutputAnnouncer(INatsJSContext jetStream, JetStreamNames names)
{
    public async Task AnnounceAsync(StepOutputReported output, INatsJSMsg<byte[]> original, CancellationToken cancellationToken)
    {
        if (!KnapscenSubjects.ChoreographyOf.TryGetValue(output.Type, out var subject))
        {
            return;
        }

        // The container's own message id (if any) gives way to the launch's, which is what deduplicates a redelivery.
        var headers = new NatsHeaders();
        foreach (var (name, value) in original.Headers ?? [])
        {
            if (!string.Equals(name, "Nats-Msg-Id", StringComparison.OrdinalIgnoreCase))
            {
                headers[name] = value;
            }
        }

        await jetStream.PublishOnceAsync(names.Subject(subject), original.Data ?? [], headers, $"{output.LaunchId}.output", cancellationToken)
            .ConfigureAwait(false);
    }
}
