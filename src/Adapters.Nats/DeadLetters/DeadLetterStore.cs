using System.Security.Cryptography;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Adapters.Nats.Topology;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Knapscen.Sagas.Adapters.Nats.DeadLetters;

/// <summary>
/// Browsing, replaying and discarding what the intake dead-lettered. A replay publishes the kept body (or a fixed one)
/// and the original headers to the original subject, then removes the dead letter; the publish carries a message id
/// made of the sequence and the body, so a repeated replay inside the duplicate window is stored once.
/// </summary>
public sealed class DeadLetterStore
{
    public const int MaxListed = 500;

    private static readonly HashSet<string> DeadLetterHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        DeadLetterPublisher.ReasonHeader,
        DeadLetterPublisher.OriginalSubjectHeader,
        DeadLetterPublisher.DeliveriesHeader,
        "Nats-Msg-Id",
    };

    private readonly INatsJSContext jetStream;
    private readonly JetStreamNames names;
    private readonly JetStreamTopology topology;

    internal DeadLetterStore(INatsJSContext jetStream, JetStreamNames names, JetStreamTopology topology)
    {
        this.jetStream = jetStream;
        this.names = names;
        this.topology = topology;
    }

    /// <summary>Changes whenever a dead letter arrives or goes: what a live page watches.</summary>
    public async Task<string> StampAsync(CancellationToken cancellationToken)
    {
        var stream = await StreamAsync(cancellationToken).ConfigureAwait(false);
        var state = stream.Info.State;
        return $"{state.LastSeq}:{state.Messages}";
    }

    /// <summary>The newest dead letters first, at most <paramref name="limit"/> (and <see cref="MaxListed"/>).</summary>
    public async Task<(IReadOnlyList<DeadLetter> Items, long Total)> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var stream = await StreamAsync(cancellationToken).ConfigureAwait(false);
        var state = stream.Info.State;
        if (state.Messages == 0)
        {
            return ([], 0);
        }

        limit = Math.Clamp(limit, 1, MaxListed);
        // Start near the end: with deletions in between this shows fewer than the limit, never older ones first.
        var start = Math.Max(state.FirstSeq, state.LastSeq >= (ulong)limit ? state.LastSeq - (ulong)limit + 1 : 1);
        var letters = await ReadFromAsync(start, state.LastSeq, limit, cancellationToken).ConfigureAwait(false);
        letters.Reverse();
        return (letters, state.Messages);
    }

    public async Task<DeadLetter?> GetAsync(ulong sequence, CancellationToken cancellationToken)
    {
        var stream = await StreamAsync(cancellationToken).ConfigureAwait(false);
        if (sequence < stream.Info.State.FirstSeq || sequence > stream.Info.State.LastSeq)
        {
            return null;
        }

        var letters = await ReadFromAsync(sequence, sequence, 1, cancellationToken).ConfigureAwait(false);
        return letters.FirstOrDefault(letter => letter.Sequence == sequence);
    }

    /// <param name="fixedBody">Replaces the kept body (a corrected event); null replays the body as it was.</param>
    public async Task<DeadLetterAnswer> ReplayAsync(ulong sequence, byte[]? fixedBody, CancellationToken cancellationToken)
    {
        var letter = await GetAsync(sequence, cancellationToken).ConfigureAwait(false);
        if (letter is null)
        {
            return new DeadLetterAnswer(sequence, false, $"there is no dead letter {sequence} (replayed or discarded already?)");
        }

        var body = fixedBody ?? letter.Body;
        var headers = new NatsHeaders();
        foreach (var (key, value) in letter.Headers.Where(header => !DeadLetterHeaders.Contains(header.Key)))
        {
            headers[key] = value;
        }

        headers["Nats-Msg-Id"] = $"deadletter-replay-{sequence}-{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}";
        var ack = await jetStream.PublishAsync(letter.OriginalSubject, body, headers: headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (ack.Error is { } error)
        {
            return new DeadLetterAnswer(sequence, false, $"publishing to {letter.OriginalSubject} failed: {error.Description}");
        }

        await DeleteAsync(sequence, cancellationToken).ConfigureAwait(false);
        return new DeadLetterAnswer(sequence, true, ack.Duplicate
            ? $"already replayed to {letter.OriginalSubject}; removed from the dead letters"
            : $"replayed to {letter.OriginalSubject}{(fixedBody is null ? "" : " with the fixed body")}");
    }

    public async Task<DeadLetterAnswer> DiscardAsync(ulong sequence, CancellationToken cancellationToken) =>
        await DeleteAsync(sequence, cancellationToken).ConfigureAwait(false)
            ? new DeadLetterAnswer(sequence, true, "discarded")
            : new DeadLetterAnswer(sequence, false, $"there is no dead letter {sequence} (replayed or discarded already?)");

    private async Task<bool> DeleteAsync(ulong sequence, CancellationToken cancellationToken)
    {
        try
        {
            var response = await jetStream.DeleteMessageAsync(names.DeadLetterStream, new StreamMsgDeleteRequest { Seq = sequence }, cancellationToken).ConfigureAwait(false);
            return response.Success;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404 || e.Error.Code == 400)
        {
            // Gone already: another operator or a repeated request got there first.
            return false;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 500)
        {
            // nats-server 2.9 answers 500 "no message found" instead of 400 when the message was the stream's first (or
            // only) one: gone already too. Whether it is gone is asked of the stream, not read from the error's text.
            if (await GetAsync(sequence, cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }

            throw;
        }
    }

    private async Task<List<DeadLetter>> ReadFromAsync(ulong first, ulong last, int limit, CancellationToken cancellationToken)
    {
        var consumer = await jetStream.CreateOrderedConsumerAsync(
            names.DeadLetterStream,
            new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence, OptStartSeq = first },
            cancellationToken).ConfigureAwait(false);
        var letters = new List<DeadLetter>();
        await foreach (var message in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = limit }, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var metadata = message.Metadata;
            if (metadata is null || metadata.Value.Sequence.Stream > last)
            {
                break;
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, values) in message.Headers ?? [])
            {
                headers[key] = values.ToString();
            }

            letters.Add(new DeadLetter(
                metadata.Value.Sequence.Stream,
                metadata.Value.Timestamp,
                headers.GetValueOrDefault(DeadLetterPublisher.ReasonHeader) ?? "(no reason recorded)",
                headers.GetValueOrDefault(DeadLetterPublisher.OriginalSubjectHeader) ?? "",
                headers,
                message.Data ?? []));
        }

        return letters;
    }

    private async Task<INatsJSStream> StreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await jetStream.GetStreamAsync(names.DeadLetterStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            // Before the intake's first start: the streams are everybody's to create.
            await topology.EnsureStreamsAsync(cancellationToken).ConfigureAwait(false);
            return await jetStream.GetStreamAsync(names.DeadLetterStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
