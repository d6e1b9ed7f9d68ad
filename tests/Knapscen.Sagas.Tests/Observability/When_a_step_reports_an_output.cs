using System.Text;
using Knapscen.Sagas.StateMachines.Telemetry;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>
/// A step's own result event on its result subject, traced: the built-in steps pass the launch's TRACEPARENT on, so
/// their event continues the onboarding's trace; an image that ignores it (the original register-corporate-customer,
/// here its stand-in) starts a trace of its own, linked to its launch's span.
/// </summary>
[Trait("Tier", "e2e")]
public sealed class When_a_step_reports_an_output
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Should_link_an_output_without_trace_context_to_its_launch_and_continue_one_that_carries_it()
    {
        var standIn = Path.Combine(Stack.RepositoryRoot, "tests", "Knapscen.Sagas.Tests", "Intake", "StandIns", "register_corporate_customer.py");
        await using var traced = await TracedOrchestrator.StartAsync(new Dictionary<string, string>
        {
            ["Steps__register-customer__Command__2"] = $"exec python3 '{standIn}'",
            ["Steps__notify-marketing__Command__2"] = $"exec dotnet '{OrchestratorProcess.BinaryPath}' step notify-marketing",
            ["Steps__notify-marketing__Environment__CUSTOMER_ID"] = "${steps.register-customer.output.subject}",
        });
        var sagaId = Guid.NewGuid();

        await traced.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        var final = await traced.Publisher.WaitForFinalAsync(sagaId, Timeout);

        Assert.True(final.State == "Completed", $"{final.State}: {final.LastError}");
        var traceId = SagaTrace.TraceIdOf((await SagaTrace.StoredTraceParentAsync(traced.Publisher.ConnectionString, sagaId))!);
        var (registerLaunch, untraced) = await LaunchAndOutputAsync(traced, traceId, sagaId, "register-customer");
        var (marketingLaunch, continued) = await LaunchAndOutputAsync(traced, traceId, sagaId, "notify-marketing");

        Assert.NotEqual(traceId, untraced.TraceId);
        Assert.Empty(untraced.ParentSpanId);
        Assert.Contains((traceId, registerLaunch.SpanId), untraced.Links);
        Assert.Equal((traceId, marketingLaunch.SpanId), (continued.TraceId, continued.ParentSpanId));
        Assert.Empty(continued.Links);
    }

    /// <summary>The step's launch span in the saga's trace and the intake span of its output (waited for, bounded).</summary>
    private static async Task<(ExportedSpan Launch, ExportedSpan Output)> LaunchAndOutputAsync(TracedOrchestrator traced, string traceId, Guid sagaId, string step)
    {
        var found = await Eventually.ReturnsAsync(
            () =>
            {
                var spans = traced.Receiver.Spans;
                var launch = spans.FirstOrDefault(span => span.TraceId == traceId && span.Name == $"launch {step}");
                var resultSubject = $"process {traced.Publisher.SubjectPrefix}knapscen.results.{sagaId:N}.{launch?.Tag(SpanAttributeNames.LaunchId)}.";
                var output = launch is null ? null : spans.FirstOrDefault(span => span.Name.StartsWith(resultSubject, StringComparison.Ordinal));
                return Task.FromResult(output is null ? null : new[] { launch!, output });
            },
            TimeSpan.FromSeconds(30),
            $"the launch span of {step} and the intake span of its output");
        return (found[0], found[1]);
    }
}
