using System.Diagnostics;

namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>
/// The one ActivitySource of the project. Without a listener (no tracing registered) nothing is started, named,
/// parsed or tagged, so the hot path pays one check.
/// </summary>
public static class KnapscenActivitySource
{
    public const string Name = "Knapscen.Sagas";

    public static ActivitySource Source { get; } = new(Name);

    /// <summary>
    /// Starts the span "<paramref name="operation"/> <paramref name="target"/>" about a saga, in the saga's trace
    /// (<see cref="SagaTraceContext.ParentFor"/>), tagged with its id; null when nothing listens or samples it.
    /// </summary>
    public static Activity? StartForSaga(string operation, string target, ActivityKind kind, Guid sagaId, string? sagaTraceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"{operation} {target}", kind, SagaTraceContext.ParentFor(sagaTraceParent));
        activity?.SetTag(SpanAttributeNames.SagaId, sagaId.ToString());
        return activity;
    }
}
