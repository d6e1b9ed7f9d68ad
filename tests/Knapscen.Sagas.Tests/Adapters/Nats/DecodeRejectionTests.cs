using System.Text.Json.Nodes;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

[Trait("Tier", "specs")]
public sealed class DecodeRejectionTests
{
    private const int Limit = 262_144;

    private readonly NatsCloudEventBinding _binding = new();

    [Fact]
    public void Body_that_is_not_json_is_refused()
    {
        Rejection.Expect(() => Structured("not json at all"u8.ToArray()), "body is not valid JSON: ");
    }

    [Fact]
    public void Body_that_is_a_json_array_is_refused()
    {
        Rejection.Expect(() => Structured("[1,2]"u8.ToArray()), "body is an array; a structured CloudEvent must be a JSON object");
    }

    [Fact]
    public void Body_with_invalid_utf8_is_refused()
    {
        Rejection.Expect(() => Structured([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']), "body is not valid UTF-8");
    }

    [Fact]
    public void Oversized_body_is_refused_before_parsing()
    {
        var reason = Rejection.Expect(() => _binding.Decode(null, new byte[300_000], Limit), "body is 300000 bytes");
        Assert.Equal("body is 300000 bytes; the limit is 262144", reason);
    }

    [Fact]
    public void Missing_id_is_refused()
    {
        var reason = Rejection.Expect(() => Structured(Mutated(e => e.Remove("id"))), "attribute 'id'");
        Assert.Equal("attribute 'id' is missing", reason);
    }

    [Fact]
    public void Empty_source_is_refused()
    {
        Rejection.Expect(() => Structured(Mutated(e => e["source"] = "")), "attribute 'source' is empty");
    }

    [Fact]
    public void Unsupported_specversion_is_refused()
    {
        var reason = Rejection.Expect(() => Structured(Mutated(e => e["specversion"] = "0.3")), "attribute 'specversion'");
        Assert.Equal("attribute 'specversion' is '0.3'; only '1.0' is supported", reason);
    }

    [Fact]
    public void Missing_specversion_is_refused()
    {
        Rejection.Expect(() => Structured(Mutated(e => e.Remove("specversion"))), "attribute 'specversion' is missing");
    }

    [Fact]
    public void Unparseable_time_is_refused()
    {
        Rejection.Expect(() => Structured(Mutated(e => e["time"] = "yesterday")), "attribute 'time' is 'yesterday'");
    }

    [Fact]
    public void Non_string_core_attribute_is_refused()
    {
        Rejection.Expect(() => Structured(Mutated(e => e["id"] = 42)), "attribute 'id' is a number; it must be a string");
    }

    [Fact]
    public void Invalid_attribute_name_is_refused()
    {
        Rejection.Expect(() => Structured(Mutated(e => e["Trace-Id"] = "x")), "property 'Trace-Id'");
    }

    [Fact]
    public void Unsupported_structured_format_is_refused()
    {
        var headers = new NatsHeaders { ["Content-Type"] = "application/cloudevents-batch+json" };

        Rejection.Expect(() => _binding.Decode(headers, SampleEvents.Load(SampleEvents.CustomerRegistered), Limit), "header 'Content-Type'");
    }

    [Fact]
    public void Malformed_percent_escape_in_a_header_is_refused()
    {
        var headers = BinaryModeTests.BinaryHeaders();
        headers["ce-id"] = "evt%G1";

        Rejection.Expect(() => _binding.Decode(headers, "{}"u8.ToArray(), Limit), "header 'ce-id' is not valid percent-encoding");
    }

    [Fact]
    public void Truncated_percent_escape_in_a_header_is_refused()
    {
        var headers = BinaryModeTests.BinaryHeaders();
        headers["ce-source"] = "knapscen%2";

        Rejection.Expect(() => _binding.Decode(headers, "{}"u8.ToArray(), Limit), "header 'ce-source'");
    }

    [Fact]
    public void Invalid_utf8_in_a_percent_encoded_header_is_refused()
    {
        var headers = BinaryModeTests.BinaryHeaders();
        headers["ce-id"] = "evt-%C3%28";

        var reason = Rejection.Expect(() => _binding.Decode(headers, "{}"u8.ToArray(), Limit), "header 'ce-id'");
        Assert.Equal("header 'ce-id' is not valid percent-encoded UTF-8", reason);
    }

    [Fact]
    public void Binary_mode_without_specversion_header_is_refused()
    {
        var headers = BinaryModeTests.BinaryHeaders();
        headers.Remove("ce-specversion");

        Rejection.Expect(() => _binding.Decode(headers, "{}"u8.ToArray(), Limit), "header 'ce-specversion'");
    }

    [Fact]
    public void Binary_mode_without_type_header_is_refused()
    {
        var headers = BinaryModeTests.BinaryHeaders();
        headers.Remove("ce-type");

        Rejection.Expect(() => _binding.Decode(headers, "{}"u8.ToArray(), Limit), "attribute 'type' (header 'ce-type') is missing");
    }

    [Fact]
    public void Binary_mode_body_that_is_not_json_is_refused()
    {
        Rejection.Expect(() => _binding.Decode(BinaryModeTests.BinaryHeaders(), "{oops"u8.ToArray(), Limit), "body is not valid JSON: ");
    }

    [Fact]
    public void Repeated_attribute_header_is_refused()
    {
        var headers = BinaryModeTests.BinaryHeaders();
        headers["ce-id"] = new(["evt-1", "evt-2"]);

        Rejection.Expect(() => _binding.Decode(headers, "{}"u8.ToArray(), Limit), "header 'ce-id' has 2 values");
    }

    [Fact]
    public void Invalid_plain_traceparent_header_value_is_refused()
    {
        var headers = new NatsHeaders { ["traceparent"] = "bad\u0001value" };

        Rejection.Expect(() => _binding.Decode(headers, SampleEvents.Load(SampleEvents.CustomerRegistered), Limit), "header 'traceparent'");
    }

    private void Structured(byte[] body) => _binding.Decode(null, body, Limit);

    private static byte[] Mutated(Action<JsonObject> change) => SampleEvents.Mutate(SampleEvents.CustomerRegistered, change);
}
