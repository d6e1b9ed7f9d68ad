using System.Diagnostics;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>
/// One span per event the onboarding machine handles, around the machine itself, so the step launches, completions
/// and outcome publishes it causes are its children. Internal kind: the event's receipt has its own span.
/// </summary>
internal sealed class TransitionSpanFilter : IFilter<SagaConsumeContext<CustomerOnboardingState>>
{
    public async Task Send(SagaConsumeContext<CustomerOnboardingState> context, IPipe<SagaConsumeContext<CustomerOnboardingState>> next)
    {
        var saga = context.Saga;
        if (context is ConsumeContext<StepOutputReported> output)
        {
            StepSpans.LinkUntracedOutput(saga, output.Message);
        }

        var (eventName, result) = Describe(context);
        // A saga that this very registration creates has no context yet: the one it is about to keep is the event's.
        var traceParent = saga.TraceParent ?? (context as ConsumeContext<CustomerRegistered>)?.Message.TraceParent;
        using var activity = KnapscenActivitySource.StartForSaga("transition", eventName, ActivityKind.Internal, saga.CorrelationId, traceParent);
        if (activity is not null)
        {
            activity.SetTag(SpanAttributeNames.SagaEvent, eventName);
            activity.SetTag(SpanAttributeNames.StateFrom, StateName(saga.CurrentState));
            if (result is not null)
            {
                activity.SetTag(SpanAttributeNames.Step, result.Step);
                activity.SetTag(SpanAttributeNames.Attempt, result.Attempt);
                activity.SetTag(SpanAttributeNames.LaunchId, result.LaunchId);
                if (result.UserIndex is { } userIndex)
                {
                    activity.SetTag(SpanAttributeNames.UserIndex, userIndex);
                }
            }
        }

        try
        {
            await next.Send(context).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }

        activity?.SetTag(SpanAttributeNames.StateTo, StateName(saga.CurrentState));
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("knapscen-transition-span");

    // A saga the event just created has no state yet; the machine calls that state Initial.
    private static string StateName(string state) => state.Length == 0 ? "Initial" : state;

    private static (string Event, IStepResultMessage? Result) Describe(ConsumeContext context) => context switch
    {
        ConsumeContext<StepSucceeded> succeeded => (nameof(StepSucceeded), succeeded.Message),
        ConsumeContext<StepFailed> failed => (nameof(StepFailed), failed.Message),
        ConsumeContext<CustomerRegistered> => (nameof(CustomerRegistered), null),
        ConsumeContext<StepOutputReported> => (nameof(StepOutputReported), null),
        ConsumeContext<DeadlinesDue> => (nameof(DeadlinesDue), null),
        ConsumeContext<RetrySaga> => (nameof(RetrySaga), null),
        ConsumeContext<CompensateSaga> => (nameof(CompensateSaga), null),
        ConsumeContext<CancelSaga> => (nameof(CancelSaga), null),
        _ => ("event", null),
    };
}
