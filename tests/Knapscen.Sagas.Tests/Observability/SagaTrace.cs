using Knapscen.Sagas.StateMachines.Telemetry;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>What a trace of an onboarding looks like to someone reading it in Jaeger: its spans, its root, its gaps.</summary>
internal sealed class SagaTrace(IReadOnlyList<ExportedSpan> spans)
{
    public IReadOnlyList<ExportedSpan> Spans { get; } = spans;

    public static SagaTrace Of(IEnumerable<ExportedSpan> received, string traceId) => new([.. received.Where(span => span.TraceId == traceId)]);

    public IEnumerable<ExportedSpan> Named(string prefix) => Spans.Where(span => span.Name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Spans whose parent is not in the trace: exactly the root when the trace is whole.</summary>
    public IReadOnlyList<ExportedSpan> Orphans()
    {
        var ids = Spans.Select(span => span.SpanId).ToHashSet(StringComparer.Ordinal);
        return [.. Spans.Where(span => !ids.Contains(span.ParentSpanId))];
    }

    public IEnumerable<ExportedSpan> ChildrenOf(ExportedSpan parent) => Spans.Where(span => span.ParentSpanId == parent.SpanId);

    public static async Task<string?> StoredTraceParentAsync(string connectionString, Guid sagaId)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT trace_parent FROM onboarding_sagas WHERE correlation_id = @id";
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Puts a trace context on a saga row, as its first event would have.</summary>
    public static async Task StoreTraceParentAsync(string connectionString, Guid sagaId, string traceParent)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE onboarding_sagas SET trace_parent = @traceParent WHERE correlation_id = @id";
        command.Parameters.AddWithValue("@traceParent", traceParent);
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public static string TraceIdOf(string traceParent) =>
        SagaTraceContext.TryParse(traceParent, out var context) ? context.TraceId.ToHexString() : throw new ArgumentException($"not a traceparent: {traceParent}", nameof(traceParent));
}
