using System.Diagnostics;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>The spans of a step attempt: its launch (a producer: the result comes back as a message) and its end.</summary>
internal static class StepSpans
{
    public static Activity? StartLaunch(CustomerOnboardingState saga, StepLaunchRequest request, string launcher)
    {
        var activity = KnapscenActivitySource.StartForSaga("launch", request.Step, ActivityKind.Producer, saga.CorrelationId, saga.TraceParent);
        if (activity is null)
        {
            return null;
        }

        TagAttempt(activity, request.Step, request.UserIndex, request.Attempt);
        activity.SetTag(SpanAttributeNames.LaunchId, request.LaunchId);
        activity.SetTag(SpanAttributeNames.Launcher, launcher);
        return activity;
    }

    /// <summary>A finished attempt as a point in the trace; how long it ran is an attribute, measured on the saga's clock.</summary>
    public static void RecordFinished(CustomerOnboardingState saga, StepRun run, string outcome, string? error, DateTimeOffset now)
    {
        using var activity = KnapscenActivitySource.StartForSaga("finish", run.Step, ActivityKind.Internal, saga.CorrelationId, saga.TraceParent);
        if (activity is null)
        {
            return;
        }

        TagAttempt(activity, run.Step, run.UserIndex, run.Attempt);
        activity.SetTag(SpanAttributeNames.LaunchId, run.LaunchId);
        activity.SetTag(SpanAttributeNames.StepOutcome, outcome);
        if (run.StartedAt is { } started)
        {
            activity.SetTag(SpanAttributeNames.StepDurationMs, (long)(now - started).TotalMilliseconds);
        }

        if (outcome == nameof(StepStatus.Failed))
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }
    }

    /// <summary>
    /// An output event without trace context (an image that ignores TRACEPARENT) began a trace of its own where it was
    /// received; a link from the span that received it to its launch's span joins the two for a reader.
    /// </summary>
    public static void LinkUntracedOutput(CustomerOnboardingState saga, StepOutputReported output)
    {
        if (output.TraceParent is not null || Activity.Current is not { } current
            || saga.Steps.FirstOrDefault(run => run.LaunchId == output.LaunchId)?.LaunchTraceParent is not { } launch
            || !SagaTraceContext.TryParse(launch, out var launchContext))
        {
            return;
        }

        // The receiving span is our consumer span above the mediator's; without one, the outermost span of this handling.
        var receiving = current;
        while (!(receiving.Source == KnapscenActivitySource.Source && receiving.Kind == ActivityKind.Consumer) && receiving.Parent is { } parent)
        {
            receiving = parent;
        }

        receiving.AddLink(new ActivityLink(launchContext));
    }

    private static void TagAttempt(Activity activity, string step, int? userIndex, int attempt)
    {
        activity.SetTag(SpanAttributeNames.Step, step);
        activity.SetTag(SpanAttributeNames.Attempt, attempt);
        if (userIndex is { } index)
        {
            activity.SetTag(SpanAttributeNames.UserIndex, index);
        }
    }
}
