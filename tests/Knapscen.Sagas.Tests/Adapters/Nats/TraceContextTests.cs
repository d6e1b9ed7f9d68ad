using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

[Trait("Tier", "specs")]
public sealed class TraceContextTests
{
    private const int Limit = 256 * 1024;
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private const string OtherTraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

    private readonly NatsCloudEventBinding _binding = new();

    [Fact]
    public void Traceparent_is_read_from_its_ce_header()
    {
        var headers = BinaryHeaders();
        headers["ce-traceparent"] = TraceParent;
        headers["ce-tracestate"] = "congo=t61rcWkgMzE";

        var validated = CloudEventValidator.Validate(_binding.Decode(headers, """{"ok":true}"""u8.ToArray(), Limit));

        Assert.Equal(TraceParent, validated.TraceParent);
        Assert.Equal("congo=t61rcWkgMzE", validated.TraceState);
    }

    [Fact]
    public void Traceparent_is_read_from_a_plain_nats_header_when_the_event_has_none()
    {
        var headers = new NatsHeaders { ["traceparent"] = TraceParent, ["tracestate"] = "congo=t61rcWkgMzE" };

        var cloudEvent = _binding.Decode(headers, SampleEvents.Load(SampleEvents.CustomerRegistered), Limit);
        var validated = CloudEventValidator.Validate(cloudEvent);

        Assert.Equal(TraceParent, validated.TraceParent);
        Assert.Equal("congo=t61rcWkgMzE", validated.TraceState);
    }

    [Fact]
    public void Plain_traceparent_header_is_adopted_in_binary_mode_too()
    {
        var headers = BinaryHeaders();
        headers["traceparent"] = TraceParent;

        var cloudEvent = _binding.Decode(headers, """{"ok":true}"""u8.ToArray(), Limit);

        Assert.Equal(TraceParent, cloudEvent.GetTraceParent());
    }

    [Fact]
    public void The_events_own_traceparent_wins_over_a_plain_header()
    {
        var body = SampleEvents.Mutate(SampleEvents.CustomerRegistered, e =>
        {
            e["traceparent"] = TraceParent;
            e["tracestate"] = "own=1";
        });
        var headers = new NatsHeaders { ["traceparent"] = OtherTraceParent, ["tracestate"] = "other=2" };

        var cloudEvent = _binding.Decode(headers, body, Limit);

        Assert.Equal(TraceParent, cloudEvent.GetTraceParent());
        Assert.Equal("own=1", cloudEvent.GetTraceState());
    }

    [Theory]
    [InlineData(TraceParent)]
    [InlineData("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")]
    public void Well_formed_traceparents_are_accepted(string traceParent) => Assert.True(TraceParentFormat.IsValid(traceParent));

    [Theory]
    [InlineData("")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")]
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")]
    [InlineData("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")]
    public void Malformed_traceparents_are_refused(string traceParent) => Assert.False(TraceParentFormat.IsValid(traceParent));

    private static NatsHeaders BinaryHeaders() => BinaryModeTests.BinaryHeaders();
}
