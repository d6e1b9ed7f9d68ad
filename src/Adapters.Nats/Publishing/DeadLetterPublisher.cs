using Knapscen.Sagas.Adapters.Nats.Topology;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats.Publishing;

/// <summary>Keeps an event the orchestrator cannot use, byte for byte, with the reason and where it came from.</summary>
internal sealed partial class DeadLetterPublisher(INatsJSContext jetStream, JetStreamNames names, ILogger<DeadLetterPublisher> logger)
{
    public const string ReasonHeader = "knapscen-deadletter-reason";
    public const string OriginalSubjectHeader = "knapscen-deadletter-subject";

    /// <summary>How many times the intake had received the event when it gave up: 1 for one refused on sight.</summary>
    public const string DeliveriesHeader = "knapscen-deadletter-deliveries";

    public async Task PublishAsync(INatsJSMsg<byte[]> message, string reason, CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders();
        if (message.Headers is { } original)
        {
            foreach (var (key, value) in original)
            {
                // The server would drop a second dead letter of the same event as a duplicate.
                if (!string.Equals(key, "Nats-Msg-Id", StringComparison.OrdinalIgnoreCase))
                {
                    headers[key] = value;
                }
            }
        }

        // Header values are single lines on the wire.
        headers[ReasonHeader] = reason.ReplaceLineEndings(" ");
        headers[OriginalSubjectHeader] = message.Subject;
        headers[DeliveriesHeader] = (message.Metadata?.NumDelivered ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ack = await jetStream.PublishAsync(
            names.Subject(KnapscenSubjects.DeadLetter), message.Data ?? [], headers: headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        ack.EnsureSuccess();
        LogDeadLettered(message.Subject, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered an event from {Subject}: {Reason}")]
    private partial void LogDeadLettered(string subject, string reason);
}
