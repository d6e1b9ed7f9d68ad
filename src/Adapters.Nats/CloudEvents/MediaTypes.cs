using System.Net.Mime;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

internal static class MediaTypes
{
    public const string Json = "application/json";

    /// <summary>The same rule JsonEventFormatter applies: "*/json" and "*+json" carry JSON.</summary>
    public static bool IsJson(string contentType)
    {
        var mediaType = new ContentType(contentType).MediaType;
        return mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>JSON must be UTF-8 on the wire (RFC 8259); a declared charset is only accepted when it says so.</summary>
    public static bool DeclaresNonUtf8Charset(string contentType, out string charset)
    {
        charset = new ContentType(contentType).CharSet ?? string.Empty;
        return charset.Length > 0
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
