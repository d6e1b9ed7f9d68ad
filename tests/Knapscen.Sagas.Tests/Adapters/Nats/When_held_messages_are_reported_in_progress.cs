using Knapscen.Sagas.Adapters.Nats.Intake;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

/// <summary>
/// The progress reports that keep a held event from being redelivered, on a clock the test moves. A real tick comes a
/// little after its time and the next one on schedule, so the time since a message's last report is then a hair short
/// of an interval; the message must still be reported at that tick, or it waits two intervals and a late tick after
/// that lets AckWait run out.
/// </summary>
[Trait("Tier", "specs")]
public sealed class When_held_messages_are_reported_in_progress
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_message_is_reported_at_every_tick_even_when_the_last_report_came_late()
    {
        var clock = new FakeTimeProvider();
        var held = new HeldMessages(Interval, clock, NullLogger.Instance);
        var message = new ProgressCountingMessage();
        held.Hold(new IntakeItem(message, null, null));
        using var stop = new CancellationTokenSource();
        var reporting = held.ReportProgressAsync(stop.Token);

        // The first tick's report is taken 100 ms after the tick; the second tick comes on schedule.
        clock.Advance(Interval + TimeSpan.FromMilliseconds(100));
        Assert.True(await message.Reports.WaitAsync(Wait), "no report at the first tick");
        clock.Advance(Interval - TimeSpan.FromMilliseconds(100));
        Assert.True(await message.Reports.WaitAsync(Wait), "no report at the second tick, 9.9 s after the first");

        await stop.CancelAsync();
        await reporting;
    }

    [Fact]
    public async Task A_released_message_is_not_reported()
    {
        var clock = new FakeTimeProvider();
        var held = new HeldMessages(Interval, clock, NullLogger.Instance);
        var releasedMessage = new ProgressCountingMessage();
        var heldMessage = new ProgressCountingMessage();
        var released = new IntakeItem(releasedMessage, null, null);
        held.Hold(released);
        held.Hold(new IntakeItem(heldMessage, null, null));
        held.Release(released);
        using var stop = new CancellationTokenSource();
        var reporting = held.ReportProgressAsync(stop.Token);

        clock.Advance(Interval);
        // The tick reports every held message in one pass: once the held one is reported, the released one had its turn.
        Assert.True(await heldMessage.Reports.WaitAsync(Wait), "the held message was not reported");
        Assert.Equal(0, releasedMessage.Reports.CurrentCount);

        await stop.CancelAsync();
        await reporting;
    }

    /// <summary>Counts progress reports; a held message is only ever reported in progress by the code under test.</summary>
    private sealed class ProgressCountingMessage : INatsJSMsg<byte[]>
    {
        public SemaphoreSlim Reports { get; } = new(0);

        public string Subject => "t.knapscen.intake.step-results";

        public int Size => 0;

        public byte[]? Data => [];

        public NatsHeaders? Headers => null;

        public INatsConnection? Connection => null;

        public NatsJSMsgMetadata? Metadata => null;

        public string? ReplyTo => null;

        public NatsException? Error => null;

        public ValueTask AckProgressAsync(AckOpts? opts = null, CancellationToken cancellationToken = default)
        {
            Reports.Release();
            return ValueTask.CompletedTask;
        }

        public void EnsureSuccess()
        {
        }

        public ValueTask ReplyAsync(NatsHeaders? headers = null, string? replyTo = null, NatsPubOpts? opts = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask AckAsync(AckOpts? opts = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask NakAsync(AckOpts? opts = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask AckTerminateAsync(AckOpts? opts = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
