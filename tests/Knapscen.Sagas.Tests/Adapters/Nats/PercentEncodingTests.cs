using Knapscen.Sagas.Adapters.Nats.CloudEvents;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

[Trait("Tier", "specs")]
public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain-ascii_value.1", "plain-ascii_value.1")]
    [InlineData("a b", "a%20b")]
    [InlineData("50%", "50%25")]
    [InlineData("\"q\"", "%22q%22")]
    [InlineData("é", "%C3%A9")]
    public void Encoding_escapes_only_what_headers_cannot_carry(string value, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Encode(value));
        Assert.Equal(PercentDecodeStatus.Decoded, PercentEncoding.TryDecode(expected, out var decoded));
        Assert.Equal(value, decoded);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("%zz")]
    public void Malformed_escapes_are_reported(string encoded) =>
        Assert.Equal(PercentDecodeStatus.MalformedEscape, PercentEncoding.TryDecode(encoded, out _));

    [Theory]
    [InlineData("%C3")]
    [InlineData("%FF")]
    [InlineData("%ED%A0%80")]
    public void Bytes_that_are_not_utf8_are_reported(string encoded) =>
        Assert.Equal(PercentDecodeStatus.InvalidUtf8, PercentEncoding.TryDecode(encoded, out _));
}
