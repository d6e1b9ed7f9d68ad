using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

[Trait("Tier", "specs")]
public sealed class BinaryModeTests
{
    private const int Limit = 256 * 1024;

    private readonly NatsCloudEventBinding _binding = new();

    [Fact]
    public void Binary_mode_round_trips_percent_encoded_attributes()
    {
        var original = NewEvent();
        original.Source = new Uri("urn:knapscen:zoë/café", UriKind.RelativeOrAbsolute);
        original["comment"] = "100% \"Zoë\" 😀 ok";

        var (headers, body) = _binding.EncodeBinary(original);
        var decoded = _binding.Decode(headers, body, Limit);

        Assert.Equal("100%25%20%22Zo%C3%AB%22%20%F0%9F%98%80%20ok", headers["ce-comment"].ToString());
        Assert.All(headers.Values.SelectMany(v => v.ToArray()), value => Assert.True(Ascii.IsValid(value)));
        Assert.Equal("100% \"Zoë\" 😀 ok", decoded["comment"]);
        Assert.Equal("urn:knapscen:zoë/café", decoded.Source!.OriginalString);
        StructuredModeTests.AssertSameEvent(original, decoded);
    }

    [Fact]
    public void Binary_mode_accepts_lower_case_percent_hex()
    {
        var headers = BinaryHeaders();
        headers["ce-comment"] = "caf%c3%a9%2fna%c3%afve";

        var decoded = _binding.Decode(headers, """{"ok":true}"""u8.ToArray(), Limit);

        Assert.Equal("café/naïve", decoded["comment"]);
    }

    [Fact]
    public void Binary_mode_carries_datacontenttype_in_content_type_and_data_in_the_body()
    {
        var original = NewEvent();

        var (headers, body) = _binding.EncodeBinary(original);

        Assert.Equal("application/json", headers["Content-Type"].ToString());
        Assert.False(headers.ContainsKey("ce-datacontenttype"));
        Assert.Equal("1.0", headers["ce-specversion"].ToString());
        Assert.Equal("""{"step":"save-customer","attempt":1,"launch_id":"launch-1","launch_token":"0123456789abcdef0123456789abcdef"}""", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Binary_mode_reads_python_style_time()
    {
        var headers = BinaryHeaders();
        headers["ce-time"] = "2025-10-04T12:00:00.123456%2B00:00";

        var decoded = _binding.Decode(headers, """{"ok":true}"""u8.ToArray(), Limit);

        Assert.Equal(new DateTimeOffset(2025, 10, 4, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), decoded.Time);
    }

    [Fact]
    public void Binary_mode_event_validates_like_a_structured_one()
    {
        var (headers, body) = _binding.EncodeBinary(NewEvent());

        var validated = CloudEventValidator.Validate(_binding.Decode(headers, body, Limit));

        Assert.Equal(Guid.Parse(SampleEvents.SagaSubject), validated.Subject);
        Assert.Equal("save-customer", validated.Data.GetProperty("step").GetString());
    }

    [Fact]
    public void Binary_mode_keeps_non_json_data_as_text()
    {
        var headers = BinaryHeaders();
        headers["Content-Type"] = "text/plain; charset=utf-8";

        var decoded = _binding.Decode(headers, "hello"u8.ToArray(), Limit);

        Assert.Equal("hello", decoded.Data);
        Assert.Equal("text/plain; charset=utf-8", decoded.DataContentType);
    }

    internal static NatsHeaders BinaryHeaders() => new()
    {
        ["ce-specversion"] = "1.0",
        ["ce-id"] = "evt-1",
        ["ce-source"] = "knapscen.disco",
        ["ce-type"] = KnapscenEventTypes.CustomerSaved,
        ["ce-subject"] = SampleEvents.SagaSubject,
        ["Content-Type"] = "application/json",
    };

    private static CloudEvent NewEvent()
    {
        using var data = JsonDocument.Parse("""{"step":"save-customer","attempt":1,"launch_id":"launch-1","launch_token":"0123456789abcdef0123456789abcdef"}""");
        return new CloudEvent(CloudEventsSpecVersion.V1_0, DistributedTracing.AllAttributes)
        {
            Id = "evt-step-1",
            Source = new Uri("urn:knapscen:sagas", UriKind.RelativeOrAbsolute),
            Type = KnapscenEventTypes.StepSucceeded,
            Subject = SampleEvents.SagaSubject,
            Time = new DateTimeOffset(2025, 10, 4, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560),
            DataContentType = "application/json",
            Data = data.RootElement.Clone(),
        };
    }
}
