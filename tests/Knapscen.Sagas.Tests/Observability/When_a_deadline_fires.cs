using System.Diagnostics;
using Knapscen.Sagas.StateMachines.Telemetry;
using Knapscen.Sagas.Tests.Persistence.Deadlines;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Knapscen.Sagas.Tests.Observability;

[Trait("Tier", "integration")]
public sealed class When_a_deadline_fires
{
    private const string StoredContext = "00-6a1b2c3d4e5f60718293a4b5c6d7e8f9-0f1e2d3c4b5a6978-01";

    [Fact]
    public async Task Should_dispatch_it_in_the_trace_the_saga_stored()
    {
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(KnapscenActivitySource.Name).AddInMemoryExporter(exported).Build();
        var time = new FakeTimeProvider(DeadlineHost.Epoch);
        await using var host = await DeadlineHost.StartAsync(time);
        var connectionString = host.ConnectionString;
        var sagaId = Guid.NewGuid();
        await host.SendAsync(new StartDeadlineSaga(sagaId, DeadlineHost.Epoch.AddMinutes(1)));
        await SagaTrace.StoreTraceParentAsync(connectionString, sagaId, StoredContext);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await host.ScanOnceAsync());
        // The source is process-wide: other tests' spans land in the list too, so it is read only once nothing can add to it.
        tracing.Dispose();

        // Nothing was current in the scanner: the span continues the context on the saga row, hours later if need be.
        var span = Assert.Single(exported, span => span.OperationName == "deadlines due" && (string?)span.GetTagItem(SpanAttributeNames.SagaId) == sagaId.ToString());
        var stored = ActivityContext.Parse(StoredContext, null);
        Assert.Equal((stored.TraceId, stored.SpanId), (span.TraceId, span.ParentSpanId));
        Assert.Equal(ActivityKind.Internal, span.Kind);
    }
}
