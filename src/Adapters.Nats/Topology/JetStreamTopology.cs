using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Knapscen.Sagas.Adapters.Nats.Topology;

/// <summary>Creates (or updates) the streams and the durable consumer the orchestrator needs; safe to run on every start.</summary>
internal sealed class JetStreamTopology(INatsJSContext jetStream, JetStreamNames names, IOptions<NatsOptions> options)
{
    public async Task<INatsJSConsumer> EnsureAsync(CancellationToken cancellationToken)
    {
        await EnsureStreamsAsync(cancellationToken).ConfigureAwait(false);
        var settings = options.Value;
        return await jetStream.CreateOrUpdateConsumerAsync(
            names.IntakeStream,
            new ConsumerConfig(settings.ConsumerName)
            {
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = TimeSpan.FromSeconds(settings.AckWaitSeconds),
                DeliverPolicy = ConsumerConfigDeliverPolicy.All,
                MaxAckPending = Math.Max(1000, settings.Workers * 64),
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishers need only the streams: a consumer created later still sees every retained message.</summary>
    public async Task EnsureStreamsAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await jetStream.CreateOrUpdateStreamAsync(
            new StreamConfig(names.IntakeStream, [.. names.IntakeSubjects])
            {
                Storage = StreamConfigStorage.File,
                // Publishers use the CloudEvent id as Nats-Msg-Id: a re-publish inside this window is dropped by the server.
                DuplicateWindow = TimeSpan.FromMinutes(10),
                MaxAge = TimeSpan.FromDays(settings.IntakeMaxAgeDays),
                MaxBytes = settings.IntakeMaxBytes,
                // Full means publishers are refused and told so; dropping the oldest would lose registrations unread.
                Discard = StreamConfigDiscard.New,
            },
            cancellationToken).ConfigureAwait(false);

        await jetStream.CreateOrUpdateStreamAsync(
            new StreamConfig(names.OutcomeStream, [names.Subject(KnapscenSubjects.CustomerOnboarded), names.Subject(KnapscenSubjects.CustomerOnboardingFailed)])
            {
                Storage = StreamConfigStorage.File,
                DuplicateWindow = TimeSpan.FromMinutes(10),
                MaxAge = TimeSpan.FromDays(settings.OutcomeMaxAgeDays),
                MaxBytes = settings.OutcomeMaxBytes,
            },
            cancellationToken).ConfigureAwait(false);

        await jetStream.CreateOrUpdateStreamAsync(
            new StreamConfig(names.DeadLetterStream, [names.Subject(KnapscenSubjects.DeadLetter)])
            {
                Storage = StreamConfigStorage.File,
                MaxAge = TimeSpan.FromDays(settings.DeadLetterMaxAgeDays),
                MaxBytes = settings.DeadLetterMaxBytes,
                // The oldest dead letters go first, so a flood of bad events never blocks the intake's dead-letter publish.
                Discard = StreamConfigDiscard.Old,
            },
            cancellationToken).ConfigureAwait(false);
    }
}
