using System.Diagnostics;

namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>
/// Keeps every span of a saga in one trace, even when its work resumes hours later from a place that knows nothing of
/// the trace (the deadline scanner, an operator command): the saga row stores a W3C traceparent to come back to.
/// </summary>
public static class SagaTraceContext
{
    /// <summary>
    /// The parent for a span about a saga: the current activity when it already belongs to the saga's trace (an
    /// event that carried the context), else the context stored on the saga, else whatever is current.
    /// </summary>
    public static ActivityContext ParentFor(string? sagaTraceParent)
    {
        var current = Activity.Current;
        if (!TryParse(sagaTraceParent, out var stored))
        {
            return current?.Context ?? default;
        }

        return current is not null && current.TraceId == stored.TraceId ? current.Context : stored;
    }

    /// <summary>A traceparent received from elsewhere (an event, a row); invalid or missing gives false.</summary>
    public static bool TryParse(string? traceParent, out ActivityContext context, string? traceState = null)
    {
        context = default;
        return !string.IsNullOrEmpty(traceParent) && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out context);
    }

    /// <summary>The W3C traceparent of a span, to hand on to a Job, an event or the saga row.</summary>
    public static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;
}
