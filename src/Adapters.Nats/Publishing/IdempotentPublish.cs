using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats.Publishing;

/// <summary>
/// The one way the project publishes into JetStream with a <c>Nats-Msg-Id</c>. The id exists so that a second publish
/// of the same message (a retry after a lost ack, two watchers, a commit retried after a conflict) is answered
/// "duplicate": that answer means the message is stored, so it is success. <c>EnsureSuccess()</c> would throw
/// <see cref="NatsJSDuplicateMessageException"/> for it, hence the check of <c>Duplicate</c> first.
/// </summary>
public static class IdempotentPublish
{
    /// <returns>True when this call stored the message; false when the stream already held a message with this id.</returns>
    /// <exception cref="NatsJSApiException">The server refused the message for another reason.</exception>
    public static async Task<bool> PublishOnceAsync(
        this INatsJSContext jetStream, string subject, byte[] body, NatsHeaders? headers, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jetStream);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var ack = await jetStream.PublishAsync(subject, body, headers: headers, opts: new NatsJSPubOpts { MsgId = messageId }, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (ack.Duplicate && ack.Error is null)
        {
            return false;
        }

        ack.EnsureSuccess();
        return true;
    }
}
