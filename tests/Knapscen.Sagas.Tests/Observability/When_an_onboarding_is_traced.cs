using System.Text;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Telemetry;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Observability;

[Trait("Tier", "e2e")]
public sealed class When_an_onboarding_is_traced
{
    private static readonly TimeSpan OnboardingTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);

    private static readonly (string Step, int? User)[] ExpectedLaunches =
    [
        (StepNames.RegisterCustomer, null),
        (StepNames.RegisterUser, 0), (StepNames.RegisterUser, 1), (StepNames.RegisterUser, 2),
        (StepNames.SendWelcomeEmail, 0), (StepNames.SendWelcomeEmail, 1), (StepNames.SendWelcomeEmail, 2),
        (StepNames.NotifyMarketing, null), (StepNames.OrderSwag, null), (StepNames.CreateTouchpoints, 0),
    ];

    [Fact]
    public async Task Should_show_intake_every_step_and_the_outcome_as_one_trace()
    {
        await using var traced = await TracedOrchestrator.StartAsync();
        var sagaId = Guid.NewGuid();
        await traced.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));

        Assert.Equal("Completed", (await traced.Publisher.WaitForFinalAsync(sagaId, OnboardingTimeout)).State);
        var stored = await SagaTrace.StoredTraceParentAsync(traced.Publisher.ConnectionString, sagaId);
        Assert.NotNull(stored);
        var traceId = SagaTrace.TraceIdOf(stored);
        var trace = await WaitForWholeTraceAsync(traced.Receiver, traceId, sagaId);
        Assert.Equal(0, traced.Receiver.Rejected);

        var root = Assert.Single(trace.Orphans());
        Assert.Empty(root.ParentSpanId);
        Assert.Equal(ExportedSpanKind.Consumer, root.Kind);
        Assert.Equal($"process {traced.Publisher.SubjectPrefix}customer-registered", root.Name);
        Assert.Equal("nats", root.Tag(SpanAttributeNames.MessagingSystem));
        Assert.Equal($"evt-{sagaId:N}", root.Tag(SpanAttributeNames.MessagingMessageId));
        // No event carried a context, so the saga keeps its intake span's: Jobs and outcome events continue from there.
        Assert.Equal($"00-{traceId}-{root.SpanId}-01", stored);

        Assert.All(trace.Spans, span => Assert.Equal("knapscen-orchestrator", span.ServiceName));
        // A redelivery of an event already applied (the broker's ack wait ran out on a loaded machine) changes nothing and
        // is a trace of its own; every other span about the saga is in the saga's trace.
        var consumedInTrace = trace.Spans.Where(span => span.Kind == ExportedSpanKind.Consumer).Select(span => span.Tag(SpanAttributeNames.MessagingMessageId)).ToHashSet();
        Assert.All(
            traced.Receiver.Spans.Where(span => span.Tag(SpanAttributeNames.SagaId) == sagaId.ToString() && span.TraceId != traceId),
            span =>
            {
                Assert.Equal(ExportedSpanKind.Consumer, span.Kind);
                Assert.Contains(span.Tag(SpanAttributeNames.MessagingMessageId), consumedInTrace);
            });

        var launches = trace.Named("launch ").ToList();
        Assert.Equal(
            ExpectedLaunches.Select(Describe).Order(),
            launches.Select(span => Describe((span.Tag(SpanAttributeNames.Step)!, UserOf(span)))).Order());
        foreach (var launch in launches)
        {
            Assert.Equal(ExportedSpanKind.Producer, launch.Kind);
            Assert.Equal("1", launch.Tag(SpanAttributeNames.Attempt));
            Assert.Equal("local-process", launch.Tag(SpanAttributeNames.Launcher));
            Assert.NotNull(launch.Tag(SpanAttributeNames.LaunchId));
            // The step's result comes back through the intake as a child of its launch.
            Assert.Contains(trace.ChildrenOf(launch), child => child.Kind == ExportedSpanKind.Consumer && child.Name.StartsWith("process ", StringComparison.Ordinal));
        }

        var finishes = trace.Named("finish ").ToList();
        Assert.Equal(launches.Select(span => span.Tag(SpanAttributeNames.LaunchId)).Order(), finishes.Select(span => span.Tag(SpanAttributeNames.LaunchId)).Order());
        Assert.All(finishes, finish => Assert.Equal("Succeeded", finish.Tag(SpanAttributeNames.StepOutcome)));
        Assert.All(finishes, finish => Assert.NotNull(finish.Tag(SpanAttributeNames.StepDurationMs)));

        var transitions = trace.Named("transition ").ToList();
        Assert.Contains(transitions, span => (span.Tag(SpanAttributeNames.StateFrom), span.Tag(SpanAttributeNames.StateTo)) == ("Initial", "RegisteringCustomer"));
        Assert.Contains(transitions, span => (span.Tag(SpanAttributeNames.StateFrom), span.Tag(SpanAttributeNames.StateTo)) == ("CreatingTouchpoints", "Completed"));

        var outcome = Assert.Single(trace.Named($"publish {traced.Publisher.SubjectPrefix}customer-onboarded"));
        Assert.Equal(ExportedSpanKind.Producer, outcome.Kind);
        Assert.Equal($"{sagaId:N}.onboarded", outcome.Tag(SpanAttributeNames.MessagingMessageId));

        // The library sources show their work inside the saga's spans.
        Assert.Contains(trace.Spans, span => span.Scope == "MySqlConnector");
        Assert.Contains(trace.Spans, span => span.Scope == "MassTransit");

        var shown = await Cli.RunAsync(traced.Environment, "sagas", "show", sagaId.ToString());
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains(traceId, shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_continue_the_trace_an_event_carries_as_extension_or_header()
    {
        await using var traced = await TracedOrchestrator.StartAsync();
        var (byExtension, extensionParent) = (Guid.NewGuid(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        var (byHeader, headerParent) = (Guid.NewGuid(), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var withExtension = InvalidEvents.SampleJson(byExtension)
            .Replace("\"specversion\": \"1.0\",", $"\"specversion\": \"1.0\", \"traceparent\": \"{extensionParent}\",", StringComparison.Ordinal);
        await traced.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(withExtension));
        await traced.Publisher.PublishRawAsync(
            "customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(byHeader)), new NatsHeaders { ["Content-Type"] = "application/cloudevents+json", ["traceparent"] = headerParent });

        foreach (var (sagaId, parent) in new[] { (byExtension, extensionParent), (byHeader, headerParent) })
        {
            Assert.Equal("Completed", (await traced.Publisher.WaitForFinalAsync(sagaId, OnboardingTimeout)).State);
            var traceId = SagaTrace.TraceIdOf(parent);
            Assert.Equal(traceId, SagaTrace.TraceIdOf((await SagaTrace.StoredTraceParentAsync(traced.Publisher.ConnectionString, sagaId))!));
            var trace = await WaitForWholeTraceAsync(traced.Receiver, traceId, sagaId);

            // Our part of the trace hangs under the publisher's span, which the receiver never saw.
            var intake = Assert.Single(trace.Orphans());
            Assert.Equal(parent.Split('-')[2], intake.ParentSpanId);
            Assert.Equal($"evt-{sagaId:N}", intake.Tag(SpanAttributeNames.MessagingMessageId));
            Assert.Equal(ExpectedLaunches.Length, trace.Named("launch ").Count());
            Assert.All(
                traced.Receiver.Spans.Where(span => span.Tag(SpanAttributeNames.SagaId) == sagaId.ToString()),
                span => Assert.Equal(traceId, span.TraceId));
        }
    }

    /// <summary>
    /// Spans arrive in batches, children often before their parents: waits (bounded) until the outcome was published
    /// and the trace has no gap but its root.
    /// </summary>
    private static async Task<SagaTrace> WaitForWholeTraceAsync(OtlpReceiver receiver, string traceId, Guid sagaId)
    {
        SagaTrace? last = null;
        try
        {
            return await Eventually.ReturnsAsync(
                () =>
                {
                    last = SagaTrace.Of(receiver.Spans, traceId);
                    var whole = last.Named("publish ").Any() && last.Orphans().Count == 1
                        && last.Named("finish ").Count() == ExpectedLaunches.Length;
                    return Task.FromResult(whole ? last : null);
                },
                ExportTimeout,
                $"the whole trace {traceId} of saga {sagaId} reaching the receiver");
        }
        catch (TimeoutException e)
        {
            var spans = string.Join("\n", (last?.Spans ?? []).Select(span => $"{span.Scope} {span.Name} {span.SpanId} <- {span.ParentSpanId}"));
            throw new TimeoutException($"{e.Message}; received {receiver.Spans.Count} span(s), of this trace:\n{spans}", e);
        }
    }

    private static string Describe((string Step, int? User) launch) => $"{launch.Step}/{launch.User}";

    private static int? UserOf(ExportedSpan span) => span.Tag(SpanAttributeNames.UserIndex) is { } user ? int.Parse(user, System.Globalization.CultureInfo.InvariantCulture) : null;
}
