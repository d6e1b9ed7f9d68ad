using System.Text.Json;
using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

[Trait("Tier", "specs")]
public sealed class StructuredModeTests
{
    private const int Limit = 256 * 1024;

    private readonly NatsCloudEventBinding _binding = new();

    [Theory]
    [MemberData(nameof(SampleEvents.All), MemberType = typeof(SampleEvents))]
    public void Every_sample_decodes_from_a_bare_body_and_validates(string sample, string expectedType)
    {
        var cloudEvent = _binding.Decode(headers: null, SampleEvents.Load(sample), Limit);
        var validated = CloudEventValidator.Validate(cloudEvent);

        Assert.Equal(expectedType, cloudEvent.Type);
        Assert.Equal("knapscen.disco", cloudEvent.Source!.OriginalString);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        Assert.Equal(Guid.Parse(SampleEvents.SagaSubject), validated.Subject);
        Assert.Equal(JsonValueKind.Object, validated.Data.ValueKind);
        Assert.Null(validated.TraceParent);
    }

    [Fact]
    public void Customer_registered_sample_keeps_its_data_as_json()
    {
        var cloudEvent = _binding.Decode(null, SampleEvents.Load(SampleEvents.CustomerRegistered), Limit);
        var validated = CloudEventValidator.Validate(cloudEvent);

        Assert.Equal("evt-customer-20251004120000", cloudEvent.Id);
        Assert.Equal(new DateTimeOffset(2025, 10, 4, 12, 0, 0, TimeSpan.Zero), cloudEvent.Time);
        Assert.Equal("TechCorp Solutions", validated.Data.GetProperty("name").GetString());
        Assert.Equal(3, validated.Data.GetProperty("users").GetArrayLength());
        Assert.Equal("jane.doe@techcorp.com", validated.Data.GetProperty("users")[1].GetProperty("email").GetString());
    }

    [Fact]
    public void Python_style_time_with_microseconds_and_offset_parses()
    {
        var body = SampleEvents.Mutate(SampleEvents.CustomerRegistered, e => e["time"] = "2025-10-04T12:00:00.123456+00:00");

        var cloudEvent = _binding.Decode(null, body, Limit);

        var expected = new DateTimeOffset(2025, 10, 4, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);
        Assert.Equal(expected, cloudEvent.Time);
    }

    [Fact]
    public void Headers_without_ce_attributes_still_mean_structured_mode()
    {
        var headers = new NatsHeaders { ["Content-Type"] = "application/json", ["Nats-Msg-Id"] = "evt-1" };

        var cloudEvent = _binding.Decode(headers, SampleEvents.Load(SampleEvents.CustomerRegistered), Limit);

        Assert.Equal("evt-customer-20251004120000", cloudEvent.Id);
    }

    [Fact]
    public void Structured_mode_round_trips_attributes_extensions_and_data()
    {
        var original = _binding.Decode(null, SampleEvents.Load(SampleEvents.CustomerRegistered), Limit);
        original.SetTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").SetTraceState("vendor=value");
        original.Time = new DateTimeOffset(2025, 10, 4, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

        var (headers, body) = _binding.EncodeStructured(original);
        var decoded = _binding.Decode(headers, body, Limit);

        Assert.Equal("application/cloudevents+json; charset=utf-8", headers["Content-Type"].ToString());
        AssertSameEvent(original, decoded);
    }

    [Fact]
    public void Structured_content_type_wins_even_when_ce_headers_are_present()
    {
        var headers = new NatsHeaders
        {
            ["Content-Type"] = "application/cloudevents+json; charset=utf-8",
            ["ce-id"] = "ignored-in-structured-mode",
        };

        var cloudEvent = _binding.Decode(headers, SampleEvents.Load(SampleEvents.CustomerRegistered), Limit);

        Assert.Equal("evt-customer-20251004120000", cloudEvent.Id);
    }

    internal static void AssertSameEvent(CloudEvent expected, CloudEvent actual)
    {
        var expectedAttributes = expected.GetPopulatedAttributes().ToDictionary(a => a.Key.Name, a => a.Key.Format(a.Value));
        var actualAttributes = actual.GetPopulatedAttributes().ToDictionary(a => a.Key.Name, a => a.Key.Format(a.Value));
        Assert.Equal(expectedAttributes, actualAttributes);
        Assert.Equal(
            JsonSerializer.Serialize(Assert.IsType<JsonElement>(expected.Data)),
            JsonSerializer.Serialize(Assert.IsType<JsonElement>(actual.Data)));
    }
}
