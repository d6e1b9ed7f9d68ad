using Microsoft.Extensions.Primitives;
using NATS.Client.Core;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

internal static class NatsHeaderValues
{
    /// <summary>The header's only value, or null when it is absent.</summary>
    public static string? Single(IDictionary<string, StringValues> headers, string name) =>
        headers.TryGetValue(name, out var values) ? Single(name, values) : null;

    // A repeated attribute header is ambiguous (which id is the event's?), so it is refused rather than guessed.
    public static string Single(string name, StringValues values) => values.Count == 1
        ? values[0] ?? string.Empty
        : throw new InvalidCloudEventException($"header '{name}' has {values.Count} values; exactly one is allowed");
}
