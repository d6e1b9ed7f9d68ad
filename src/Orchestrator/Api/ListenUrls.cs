using System.Net;

namespace Knapscen.Sagas.Orchestrator.Api;

/// <summary>The URLs the admin API listens on (<c>Api:Urls</c>, separated by ';').</summary>
internal static class ListenUrls
{
    public const string Default = "http://127.0.0.1:8080";

    public static IReadOnlyList<string> Parse(string? configured) =>
        (string.IsNullOrWhiteSpace(configured) ? Default : configured)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Wildcards ('*', '+', 0.0.0.0, [::]) and host names other than localhost count as reachable from elsewhere:
    /// the check errs towards asking for a token.
    /// </summary>
    public static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    // Uri does not accept Kestrel's wildcard hosts, so the host is cut out by hand.
    private static string HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = end < 0 ? rest : rest[..end];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? authority : authority[..(close + 1)];
        }

        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }
}
