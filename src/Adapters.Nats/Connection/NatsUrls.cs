namespace Knapscen.Sagas.Adapters.Nats.Connection;

/// <summary>A NATS URL may carry <c>user:password@</c> (several, comma-separated); nothing shown to people may.</summary>
public static class NatsUrls
{
    public static string Redacted(string urls) =>
        string.Join(',', urls.Split(',', StringSplitOptions.TrimEntries).Select(RedactedOne));

    /// <summary>Replaces the URL as written (credentials and all) in a library's message with its redacted form.</summary>
    public static string Scrub(string text, string urls)
    {
        foreach (var url in urls.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
            {
                text = text.Replace(url, RedactedOne(url), StringComparison.Ordinal)
                    .Replace(uri.UserInfo, "***", StringComparison.Ordinal)
                    .Replace(Uri.UnescapeDataString(uri.UserInfo), "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static string RedactedOne(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? $"{uri.Scheme}://{uri.Host}:{uri.Port}"
            : url;
}
