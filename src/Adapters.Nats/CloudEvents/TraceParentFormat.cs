namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>The W3C Trace Context <c>traceparent</c> syntax: version-traceid-parentid-flags in lower-case hex.</summary>
internal static class TraceParentFormat
{
    private const int Version00Length = 55;

    public static bool IsValid(string traceParent)
    {
        ArgumentNullException.ThrowIfNull(traceParent);
        if (traceParent.Length < Version00Length)
        {
            return false;
        }

        var version = traceParent.AsSpan(0, 2);
        var traceId = traceParent.AsSpan(3, 32);
        var parentId = traceParent.AsSpan(36, 16);
        var flags = traceParent.AsSpan(53, 2);
        var wellFormed = IsLowerHex(version) && traceParent[2] == '-'
            && IsLowerHex(traceId) && traceParent[35] == '-'
            && IsLowerHex(parentId) && traceParent[52] == '-'
            && IsLowerHex(flags)
            && !version.SequenceEqual("ff") && !IsAllZeros(traceId) && !IsAllZeros(parentId);
        if (!wellFormed)
        {
            return false;
        }

        // Version 00 is exactly 55 characters; the spec asks parsers to accept later versions that only append fields.
        return version.SequenceEqual("00")
            ? traceParent.Length == Version00Length
            : traceParent.Length == Version00Length || traceParent[Version00Length] == '-';
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllZeros(ReadOnlySpan<char> text) => !text.ContainsAnyExcept('0');
}
