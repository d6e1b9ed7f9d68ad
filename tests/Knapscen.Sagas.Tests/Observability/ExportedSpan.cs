namespace Knapscen.Sagas.Tests.Observability;

/// <summary>One span as an OTLP receiver saw it; ids in lower-case hex, empty parent for a root.</summary>
internal sealed record ExportedSpan(
    string ServiceName,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    ExportedSpanKind Kind,
    IReadOnlyDictionary<string, object> Attributes)
{
    /// <summary>The spans this one links to (trace id, span id).</summary>
    public IReadOnlyList<(string TraceId, string SpanId)> Links { get; init; } = [];

    public string? Tag(string key) => Attributes.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>The OTLP SpanKind enumeration.</summary>
internal enum ExportedSpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
