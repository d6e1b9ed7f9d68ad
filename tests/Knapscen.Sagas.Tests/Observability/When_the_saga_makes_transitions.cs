using System.Diagnostics;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Telemetry;
using Knapscen.Sagas.Tests.StateMachines;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Knapscen.Sagas.Tests.Observability;

[Trait("Tier", "specs")]
public sealed class When_the_saga_makes_transitions
{
    private const string RegistrationContext = "00-5e1f3a0c2b7d4e6f8a9b0c1d2e3f4a5b-1a2b3c4d5e6f7a8b-01";

    [Fact]
    public async Task Should_record_each_transition_with_its_states_step_and_attempt()
    {
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(KnapscenActivitySource.Name).AddInMemoryExporter(exported).Build();
        await using var spec = await OnboardingSpec.StartAsync();

        await spec.RegisterAsync(traceParent: RegistrationContext);
        await spec.FailAsync(StepNames.RegisterCustomer, reason: "database busy");
        await spec.ElapseAsync(TimeSpan.FromMinutes(2));
        await spec.SucceedAsync(StepNames.RegisterCustomer);
        // The source is process-wide: other tests' spans land in the list too, so it is read only once nothing can add to it.
        tracing.Dispose();

        var spans = exported.Where(span => (string?)span.GetTagItem(SpanAttributeNames.SagaId) == spec.SagaId.ToString()).ToList();
        var transitions = spans.Where(span => span.OperationName.StartsWith("transition ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                ("CustomerRegistered", "Initial", "RegisteringCustomer", null, null),
                ("StepFailed", "RegisteringCustomer", "RegisteringCustomer", StepNames.RegisterCustomer, 1),
                ("DeadlinesDue", "RegisteringCustomer", "RegisteringCustomer", null, null),
                // register-customer reports the customer it saved before it ends: its output is a transition of its own.
                ("StepOutputReported", "RegisteringCustomer", "RegisteringCustomer", null, null),
                ("StepSucceeded", "RegisteringCustomer", "RegisteringUsers", StepNames.RegisterCustomer, 2),
            ],
            transitions.Select(span => (
                (string?)span.GetTagItem(SpanAttributeNames.SagaEvent),
                (string?)span.GetTagItem(SpanAttributeNames.StateFrom),
                (string?)span.GetTagItem(SpanAttributeNames.StateTo),
                (string?)span.GetTagItem(SpanAttributeNames.Step),
                (int?)span.GetTagItem(SpanAttributeNames.Attempt))));
        Assert.All(transitions, span => Assert.Equal(ActivityKind.Internal, span.Kind));

        // Nothing current belongs to the saga's trace in the harness: every transition continues the stored context.
        var stored = ActivityContext.Parse(RegistrationContext, null);
        Assert.All(spans, span => Assert.Equal(stored.TraceId, span.TraceId));
        Assert.All(transitions, span => Assert.Equal(stored.SpanId, span.ParentSpanId));

        var launches = spans.Where(span => span.OperationName == $"launch {StepNames.RegisterCustomer}").ToList();
        Assert.Equal([1, 2], launches.Select(span => (int)span.GetTagItem(SpanAttributeNames.Attempt)!));
        Assert.All(launches, span => Assert.Equal(ActivityKind.Producer, span.Kind));
        Assert.Equal(transitions[0].SpanId, launches[0].ParentSpanId);
        Assert.Equal(transitions[2].SpanId, launches[1].ParentSpanId);
        // The Job gets the launch's context, so its result continues under the launch.
        Assert.Equal(launches[1].Id, spec.Launcher.Latest(StepNames.RegisterCustomer).TraceParent);

        var finishes = spans.Where(span => span.OperationName == $"finish {StepNames.RegisterCustomer}").ToList();
        Assert.Equal(
            [("Failed", 1, ActivityStatusCode.Error), ("Succeeded", 2, ActivityStatusCode.Unset)],
            finishes.Select(span => ((string?)span.GetTagItem(SpanAttributeNames.StepOutcome), (int)span.GetTagItem(SpanAttributeNames.Attempt)!, span.Status)));
        Assert.Equal(transitions[1].SpanId, finishes[0].ParentSpanId);
        Assert.Equal(transitions[4].SpanId, finishes[1].ParentSpanId);
    }
}
