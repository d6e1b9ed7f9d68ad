using System.Text;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

internal enum PercentDecodeStatus
{
    Decoded,
    MalformedEscape,
    InvalidUtf8,
}

/// <summary>
/// Percent-encoding of binary-mode attribute values, as the CloudEvents HTTP binding defines it (NATS headers
/// share its constraints): space, '"', '%' and everything outside printable ASCII travel as %XX of their UTF-8 bytes.
/// </summary>
/// <remarks>
/// Kept although CloudNative.CloudEvents 2.9.0 has the same code: its <c>HttpUtilities.EncodeHeaderValue</c> and
/// <c>DecodeHeaderValue</c> are internal (reachable only through its HttpClient/HttpListener extensions, which need
/// HTTP message objects, not NATS headers). Replace this file when the SDK makes them public.
/// </remarks>
internal static class PercentEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEncoding))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length * 3);
        foreach (var b in StrictUtf8.GetBytes(value))
        {
            var c = (char)b;
            if (b >= 0x80 || NeedsEncoding(c))
            {
                builder.Append('%').Append(Convert.ToHexString([b]));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static PercentDecodeStatus TryDecode(string encoded, out string decoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        decoded = string.Empty;
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            decoded = encoded;
            return PercentDecodeStatus.Decoded;
        }

        var bytes = new List<byte>(encoded.Length);
        Span<byte> scratch = stackalloc byte[4];
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
                {
                    return PercentDecodeStatus.MalformedEscape;
                }

                bytes.Add((byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2])));
                i += 2;
                continue;
            }

            // A producer that skipped encoding for a literal character still meant that character's UTF-8 bytes.
            if (!Rune.TryGetRuneAt(encoded, i, out var rune))
            {
                return PercentDecodeStatus.InvalidUtf8;
            }

            var written = rune.EncodeToUtf8(scratch);
            for (var k = 0; k < written; k++)
            {
                bytes.Add(scratch[k]);
            }

            i += rune.Utf16SequenceLength - 1;
        }

        try
        {
            decoded = StrictUtf8.GetString([.. bytes]);
            return PercentDecodeStatus.Decoded;
        }
        catch (DecoderFallbackException)
        {
            return PercentDecodeStatus.InvalidUtf8;
        }
    }

    private static bool NeedsEncoding(char c) => c is <= ' ' or '"' or '%' or > '~';

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
